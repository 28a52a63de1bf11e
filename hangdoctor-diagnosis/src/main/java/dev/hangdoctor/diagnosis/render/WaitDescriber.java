package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.proc.SyscallArguments;
import java.util.HashMap;
import java.util.Map;

/**
 * Describes a kernel wait in terms of the process's own descriptors: {@code recvfrom(fd 5: TCP
 * 127.0.0.1:4711 → 127.0.0.1:80) in sk_wait_data} rather than raw register values.
 */
final class WaitDescriber {
  private final Map<Integer, String> fdNames = new HashMap<>();

  WaitDescriber(ProcessSnapshot snapshot) {
    for (FdEntry fd : snapshot.fds()) {
      fdNames.put(fd.fd(), fd.target());
    }
    for (SocketEntry socket : snapshot.sockets()) {
      fdNames.put(socket.fd(), SocketText.describe(socket));
    }
  }

  String describe(KernelWait wait) {
    SyscallState call = wait.syscall();
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || !SyscallArguments.firstArgumentIsFd(call.name())
        || call.arguments().isEmpty()) {
      return wait.describe();
    }
    long fd = call.arguments().get(0);
    String target = fd >= 0 && fd <= Integer.MAX_VALUE ? fdNames.get((int) fd) : null;
    String text = call.name() + "(fd " + fd + (target == null ? "" : ": " + target) + ")";
    return wait.wchan() == null ? text : text + " in " + wait.wchan();
  }
}
