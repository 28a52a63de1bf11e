package dev.hangdoctor.linux.fs;

import dev.hangdoctor.evidence.EvidenceGap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one way hangdoctor reads {@code /proc}: whole small files, links and directory listings, with
 * every failure turned into a {@link ProcReadException} that says whether the target vanished or
 * access was refused. The root is injectable so readers can run against a copied tree.
 */
public final class ProcFs {
  private static final ProcFs SYSTEM = new ProcFs(Path.of("/proc"));
  private static final int INITIAL_BUFFER = 16 * 1024;

  private final Path root;
  private final ThreadLocal<ByteBuffer> buffers =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(INITIAL_BUFFER));

  public ProcFs(Path root) {
    this.root = root;
  }

  public static ProcFs system() {
    return SYSTEM;
  }

  public Path root() {
    return root;
  }

  public Path pidDir(int pid) {
    return root.resolve(Integer.toString(pid));
  }

  public Path taskDir(int pid, int tid) {
    return pidDir(pid).resolve("task").resolve(Integer.toString(tid));
  }

  /** The whole file as text (UTF-8). */
  public String readText(Path file) throws ProcReadException {
    byte[] bytes = readBytes(file);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The whole file. {@code /proc} files report size 0, so this reads until end of file. */
  public byte[] readBytes(Path file) throws ProcReadException {
    ByteBuffer buffer = buffers.get();
    buffer.clear();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        if (!buffer.hasRemaining()) {
          ByteBuffer larger = ByteBuffer.allocateDirect(buffer.capacity() * 2);
          buffer.flip();
          larger.put(buffer);
          buffer = larger;
          buffers.set(buffer);
        }
      }
    } catch (IOException e) {
      throw classify(file, e);
    }
    buffer.flip();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /** The target of a symbolic link such as {@code /proc/PID/fd/3} or {@code /proc/PID/exe}. */
  public String readLink(Path link) throws ProcReadException {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw classify(link, e);
    }
  }

  /** Names in a directory such as {@code /proc/PID/task}, in no particular order. */
  public List<String> list(Path dir) throws ProcReadException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    } catch (IOException e) {
      throw classify(dir, e);
    }
    return names;
  }

  /** Numeric entries of a directory (pids, tids, fds), sorted ascending. */
  public int[] listNumbers(Path dir) throws ProcReadException {
    List<String> names = list(dir);
    int[] numbers = new int[names.size()];
    int count = 0;
    for (String name : names) {
      if (!name.isEmpty() && isDigits(name)) {
        numbers[count++] = Integer.parseInt(name);
      }
    }
    int[] result = Arrays.copyOf(numbers, count);
    Arrays.sort(result);
    return result;
  }

  public boolean exists(Path path) {
    return Files.exists(path);
  }

  private static boolean isDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  public static ProcReadException classify(Path path, IOException e) {
    return new ProcReadException(path.toString(), reasonOf(e), e);
  }

  private static EvidenceGap.Reason reasonOf(IOException e) {
    if (e instanceof NoSuchFileException) {
      return EvidenceGap.Reason.TARGET_EXITED;
    }
    if (e instanceof AccessDeniedException) {
      return EvidenceGap.Reason.PERMISSION_DENIED;
    }
    String message =
        e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
    if (message == null) {
      return EvidenceGap.Reason.UNREADABLE;
    }
    if (message.contains("No such process") || message.contains("No such file")) {
      return EvidenceGap.Reason.TARGET_EXITED;
    }
    if (message.contains("Operation not permitted") || message.contains("Permission denied")) {
      return EvidenceGap.Reason.PERMISSION_DENIED;
    }
    return EvidenceGap.Reason.UNREADABLE;
  }
}
