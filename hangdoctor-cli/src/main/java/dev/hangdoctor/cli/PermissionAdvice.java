package dev.hangdoctor.cli;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.linux.proc.PtraceAccess;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Explains a refused read in terms of the kernel's ptrace access rules, and what would help: the
 * same user, root, {@code CAP_SYS_PTRACE}, Yama's {@code ptrace_scope}.
 */
final class PermissionAdvice {
  private PermissionAdvice() {}

  static String explain(int pid, PtraceAccess access, List<EvidenceGap> denied) {
    String what = denied.stream().map(EvidenceGap::what).collect(Collectors.joining(", "));
    StringBuilder text = new StringBuilder("the kernel refused to show ").append(what);
    text.append(" of PID ").append(pid).append(": ");
    if (access.weAreRoot() && access.weHaveCapSysPtrace()) {
      text.append(
          "even root may not read this process (it may be protected, or in another"
              + " user namespace)");
    } else if (!access.sameUser() && !access.weHaveCapSysPtrace()) {
      text.append(
          String.format(
              "it belongs to uid %d and you are uid %d; run as that user, as root (sudo), or with"
                  + " CAP_SYS_PTRACE",
              access.targetUid(), access.ourUid()));
    } else if (access.yamaScope() != null && access.yamaScope() >= 1) {
      text.append(
          String.format(
              "Yama ptrace_scope is %d, which allows reading only your own descendants; run as"
                  + " root, with CAP_SYS_PTRACE, start the target under hangdoctor, or (scope 1)"
                  + " 'sudo sysctl kernel.yama.ptrace_scope=0'",
              access.yamaScope()));
    } else {
      text.append(
          "the process is not dumpable (setuid, or it called prctl(PR_SET_DUMPABLE, 0)); run as"
              + " root or with CAP_SYS_PTRACE");
    }
    return text.toString();
  }
}
