package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.PipeEnd;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds every descriptor open on given pipes or FIFOs anywhere on the machine, by reading the fd
 * links of every process it may read: which processes hold a pipe's write end decides whether its
 * reader will ever see data or end of file. Processes it may not read are skipped; the scan stops
 * after {@link #MAX_LINKS} links on a very busy machine.
 */
public final class PipeEndScanner {
  static final int MAX_LINKS = 500_000;

  private final ProcFs procFs;
  private final FdReader fds;

  public PipeEndScanner(ProcFs procFs) {
    this.procFs = procFs;
    this.fds = new FdReader(procFs);
  }

  /** Every descriptor whose link target is one of {@code targets} ({@code pipe:[N]} or a path). */
  public List<PipeEnd> scan(Set<String> targets) {
    List<PipeEnd> ends = new ArrayList<>();
    if (targets.isEmpty()) {
      return ends;
    }
    int[] pids;
    try {
      pids = procFs.listNumbers(procFs.root());
    } catch (ProcReadException e) {
      return ends;
    }
    int links = 0;
    for (int pid : pids) {
      Path dir = procFs.pidDir(pid).resolve("fd");
      int[] open;
      try {
        open = procFs.listNumbers(dir);
      } catch (ProcReadException e) {
        continue;
      }
      for (int fd : open) {
        if (++links > MAX_LINKS) {
          return ends;
        }
        String target;
        try {
          target = procFs.readLink(dir.resolve(Integer.toString(fd)));
        } catch (ProcReadException e) {
          continue;
        }
        if (targets.contains(target)) {
          ends.add(end(pid, fd, target));
        }
      }
    }
    return ends;
  }

  private PipeEnd end(int pid, int fd, String target) {
    FdEntry.Access access = fds.access(pid, fd);
    String command = "[" + pid + "]";
    TaskState state = TaskState.UNKNOWN;
    int ppid = 0;
    try {
      StatLine stat = StatParser.parse(procFs.readText(procFs.pidDir(pid).resolve("stat")));
      state = stat.state();
      ppid = stat.ppid();
      command = "[" + stat.comm() + "]";
      List<String> argv =
          CmdlineParser.parse(procFs.readBytes(procFs.pidDir(pid).resolve("cmdline")));
      if (!argv.isEmpty()) {
        command = String.join(" ", argv);
      }
    } catch (ProcReadException e) {
      // the process exited meanwhile: what was read stands
    }
    return new PipeEnd(target, pid, fd, access, command, state, ppid);
  }
}
