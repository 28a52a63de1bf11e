package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.proc.SyscallSignatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes a kernel wait in terms of the process's own descriptors and the call's meaning: {@code
 * recvfrom(fd 5: TCP 127.0.0.1:4711 → 127.0.0.1:80 ESTABLISHED) in wait_woken}, {@code
 * epoll_wait(fd 4: anon_inode:[eventpoll], no timeout)}, {@code poll(fd 7: TCP …, n=1, no timeout)}
 * for a poll on one descriptor, rather than raw register values.
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
    Optional<List<SyscallSignatures.Kind>> signature = SyscallSignatures.of(call.name());
    if (call.status() != SyscallState.Status.IN_SYSCALL || signature.isEmpty()) {
      return wait.describe();
    }
    List<String> shown = new ArrayList<>();
    List<SyscallSignatures.Kind> kinds = signature.get();
    for (int i = 0; i < kinds.size() && i < call.arguments().size(); i++) {
      String text =
          i == 0 && wait.pollFd() != null
              ? argument(SyscallSignatures.Kind.FD, wait.pollFd())
              : argument(kinds.get(i), call.arguments().get(i));
      if (text != null) {
        shown.add(text);
      }
    }
    String text = call.name() + "(" + String.join(", ", shown) + ")";
    if (wait.wchan() != null) {
      text += " in " + wait.wchan();
    }
    return wait.hasLockOwner() ? text + ", mutex held by tid " + wait.lockOwnerTid() : text;
  }

  private String argument(SyscallSignatures.Kind kind, long value) {
    int asInt = (int) value;
    switch (kind) {
      case FD:
        String target = fdNames.get(asInt);
        return "fd " + asInt + (target == null ? "" : ": " + target);
      case TIMEOUT_MS:
        return asInt < 0 ? "no timeout" : "timeout " + Formats.duration(asInt);
      case COUNT:
        return "n=" + asInt;
      case PID:
        return asInt == -1 ? "any child" : "pid " + asInt;
      case FUTEX_OP:
        return SyscallSignatures.futexOperation(value);
      default:
        return null;
    }
  }
}
