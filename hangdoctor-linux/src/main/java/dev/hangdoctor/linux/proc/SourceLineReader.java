package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.SourceLine;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads lines of the source files a process's frames point at, through the process's own root and
 * working directory ({@code /proc/PID/root}, {@code /proc/PID/cwd}), so paths resolve inside a
 * container as they do for the process. A missing, unreadable, binary or huge file gives no lines;
 * a file modified after the process started gives its lines marked as changed.
 */
public final class SourceLineReader {
  static final long MAX_FILE_BYTES = 4L << 20;
  static final int MAX_LINE_CHARS = 400;
  static final int MAX_FILES = 200;

  private final ProcFs procFs;

  public SourceLineReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /**
   * The lines {@code wanted} (file as the interpreter names it → 1-based line numbers) of process
   * {@code pid}, which started at {@code startEpochMillis} ({@code -1} when unknown).
   */
  public List<SourceLine> read(int pid, Map<String, Set<Integer>> wanted, long startEpochMillis) {
    List<SourceLine> lines = new ArrayList<>();
    int files = 0;
    for (Map.Entry<String, Set<Integer>> entry : wanted.entrySet()) {
      if (++files > MAX_FILES) {
        break;
      }
      String file = entry.getKey();
      Path path = resolve(pid, file);
      if (path == null) {
        continue;
      }
      try {
        if (!Files.isRegularFile(path) || Files.size(path) > MAX_FILE_BYTES) {
          continue;
        }
        boolean changed =
            startEpochMillis > 0
                && Files.getLastModifiedTime(path).toMillis() > startEpochMillis + 1000;
        List<String> text = decode(Files.readAllBytes(path));
        for (int line : new TreeSet<>(entry.getValue())) {
          if (line >= 1 && line <= text.size()) {
            String content = text.get(line - 1);
            if (content.length() > MAX_LINE_CHARS) {
              content = content.substring(0, MAX_LINE_CHARS);
            }
            lines.add(new SourceLine(file, line, content, changed));
          }
        }
      } catch (IOException | SecurityException e) {
        // a file that cannot be read gives no lines
      }
    }
    return lines;
  }

  private Path resolve(int pid, String file) {
    if (file == null || file.isEmpty() || file.startsWith("<")) {
      return null;
    }
    Path base =
        file.startsWith("/")
            ? procFs.pidDir(pid).resolve("root")
            : procFs.pidDir(pid).resolve("cwd");
    String relative = file.startsWith("/") ? file.substring(1) : file;
    return base.resolve(relative);
  }

  private static List<String> decode(byte[] bytes) throws CharacterCodingException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(bytes))
            .toString();
    return text.lines().toList();
  }
}
