package dev.hangdoctor.diagnosis.ps;

import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.ClockTicks;
import dev.hangdoctor.linux.proc.StatLine;
import dev.hangdoctor.linux.proc.StatParser;
import dev.hangdoctor.linux.proc.StatusFile;
import dev.hangdoctor.linux.proc.SyscallParser;
import dev.hangdoctor.linux.proc.SyscallSignatures;
import dev.hangdoctor.linux.proc.Wchan;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads where the main thread of each process of a forest waits ({@code /proc/PID/stat}, {@code
 * syscall}, {@code wchan}, {@code status}, and the link of the descriptor a blocked call reads). A
 * process that is gone, or whose waits the kernel refuses, is left out.
 */
public final class MainThreadWaitReader {
  private final ProcFs procFs;

  public MainThreadWaitReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  public Map<Integer, MainThreadWait> read(List<ProcessNode> roots) {
    Map<Integer, MainThreadWait> waits = new HashMap<>();
    Deque<ProcessNode> queue = new ArrayDeque<>(roots);
    while (!queue.isEmpty()) {
      ProcessNode node = queue.removeFirst();
      queue.addAll(node.children());
      read(node.pid()).ifPresent(wait -> waits.put(node.pid(), wait));
    }
    return waits;
  }

  /**
   * Which processes of the forest hold each pipe ({@code pipe:[123]}) one of them waits on, so that
   * a reader waiting for a writer that works is told from one waiting forever.
   */
  public Map<String, Set<Integer>> pipeHolders(
      List<ProcessNode> roots, Map<Integer, MainThreadWait> waits) {
    Set<String> wanted = new HashSet<>();
    for (MainThreadWait wait : waits.values()) {
      if (wait.readTarget() != null && wait.readTarget().startsWith("pipe:")) {
        wanted.add(wait.readTarget());
      }
    }
    Map<String, Set<Integer>> holders = new HashMap<>();
    if (wanted.isEmpty()) {
      return holders;
    }
    Deque<ProcessNode> queue = new ArrayDeque<>(roots);
    while (!queue.isEmpty()) {
      ProcessNode node = queue.removeFirst();
      queue.addAll(node.children());
      Path fds = procFs.pidDir(node.pid()).resolve("fd");
      try {
        for (String fd : procFs.list(fds)) {
          try {
            String target = procFs.readLink(fds.resolve(fd));
            if (wanted.contains(target)) {
              holders.computeIfAbsent(target, k -> new HashSet<>()).add(node.pid());
            }
          } catch (ProcReadException e) {
            // closed meanwhile
          }
        }
      } catch (ProcReadException e) {
        // gone, or another user's: its pipes stay unknown
      }
    }
    return holders;
  }

  Optional<MainThreadWait> read(int pid) {
    Path dir = procFs.pidDir(pid);
    try {
      StatusFile status = StatusFile.parse(procFs.readText(dir.resolve("status")));
      SyscallState call = SyscallParser.parse(procFs.readText(dir.resolve("syscall")));
      String wchan = Wchan.read(procFs, dir);
      StatLine stat = StatParser.parse(procFs.readText(dir.resolve("stat")));
      return Optional.of(
          new MainThreadWait(
              stat.state(),
              new KernelWait(wchan, call),
              status.voluntaryContextSwitches(),
              fdTarget(dir, call),
              stat.kernelThread(),
              ClockTicks.toMillis(stat.userTicks() + stat.systemTicks())));
    } catch (ProcReadException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What the descriptor a blocked call works on points at, when its first argument is one. */
  private String fdTarget(Path dir, SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL || call.arguments().isEmpty()) {
      return null;
    }
    boolean fdFirst =
        SyscallSignatures.of(call.name())
            .map(kinds -> !kinds.isEmpty() && kinds.get(0) == SyscallSignatures.Kind.FD)
            .orElse(false);
    if (!fdFirst) {
      return null;
    }
    try {
      return procFs.readLink(dir.resolve("fd").resolve(Long.toString(call.arguments().get(0))));
    } catch (ProcReadException e) {
      return null;
    }
  }
}
