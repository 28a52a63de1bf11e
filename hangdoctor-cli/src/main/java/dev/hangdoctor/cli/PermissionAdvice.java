package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.AccessAdvice;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.linux.proc.PtraceAccess;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Explains a refused read in terms of the kernel's ptrace access rules, and what would help ({@link
 * AccessAdvice}): the same user, root, {@code CAP_SYS_PTRACE}, Yama's {@code ptrace_scope}.
 */
final class PermissionAdvice {
  private PermissionAdvice() {}

  static String explain(int pid, PtraceAccess access, List<EvidenceGap> denied) {
    String what = denied.stream().map(EvidenceGap::what).collect(Collectors.joining(", "));
    StringBuilder text = new StringBuilder("the kernel refused to show ").append(what);
    text.append(" of PID ").append(pid).append(": ");
    text.append(AccessAdvice.remedy(access));
    return text.toString();
  }
}
