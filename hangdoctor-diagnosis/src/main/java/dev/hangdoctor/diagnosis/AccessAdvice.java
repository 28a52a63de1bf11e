package dev.hangdoctor.diagnosis;

import dev.hangdoctor.linux.proc.PtraceAccess;
import java.util.Locale;

/**
 * Why the kernel refuses to show a process's protected {@code /proc} entries and memory, in terms
 * of its ptrace access rules, and what would help: the same user, root, {@code CAP_SYS_PTRACE},
 * Yama's {@code ptrace_scope}. Pure.
 */
public final class AccessAdvice {
  private AccessAdvice() {}

  /**
   * {@code it belongs to uid 0 and you are uid 65534; run as that user, as root (sudo), or with
   * CAP_SYS_PTRACE}, or the Yama, not-dumpable or protected-process equivalent.
   */
  public static String remedy(PtraceAccess access) {
    if (access.weAreRoot() && access.weHaveCapSysPtrace()) {
      return "even root may not read this process (it may be protected, or in another"
          + " user namespace)";
    }
    if (!access.sameUser() && !access.weHaveCapSysPtrace()) {
      return String.format(
          Locale.ROOT,
          "it belongs to uid %d and you are uid %d; run as that user, as root (sudo), or with"
              + " CAP_SYS_PTRACE",
          access.targetUid(),
          access.ourUid());
    }
    if (access.yamaScope() != null && access.yamaScope() >= 1) {
      return String.format(
          Locale.ROOT,
          "Yama ptrace_scope is %d, which allows reading only your own descendants; run as"
              + " root, with CAP_SYS_PTRACE, start the target under hangdoctor, or (scope 1)"
              + " 'sudo sysctl kernel.yama.ptrace_scope=0'",
          access.yamaScope());
    }
    return "the process is not dumpable (setuid, or it called prctl(PR_SET_DUMPABLE, 0)); run as"
        + " root or with CAP_SYS_PTRACE";
  }
}
