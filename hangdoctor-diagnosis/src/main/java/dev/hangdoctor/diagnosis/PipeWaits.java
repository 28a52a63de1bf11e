package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The pipes and FIFOs a process's threads sat reading or writing for a whole window: whoever else
 * holds their ends decides whether the wait can end, so those are looked up machine-wide.
 */
final class PipeWaits {
  private static final Set<String> TRANSFERS =
      Set.of("read", "readv", "pread64", "preadv", "write", "writev", "pwrite64", "pwritev");

  private PipeWaits() {}

  static Set<String> pipesWaitedOn(ProcessSnapshot latest, WindowSummary window) {
    Set<String> pipes = new LinkedHashSet<>();
    for (ThreadActivity thread : window.threads()) {
      SyscallState call = thread.kernelWait().syscall();
      if (!thread.waitUnchanged()
          || call.status() != SyscallState.Status.IN_SYSCALL
          || !TRANSFERS.contains(call.name())
          || call.arguments().isEmpty()) {
        continue;
      }
      int fd = (int) (long) call.arguments().get(0);
      for (FdEntry entry : latest.fds()) {
        if (entry.fd() == fd && (entry.kind() == FdKind.PIPE || entry.kind() == FdKind.FIFO)) {
          pipes.add(entry.target());
        }
      }
    }
    return pipes;
  }
}
