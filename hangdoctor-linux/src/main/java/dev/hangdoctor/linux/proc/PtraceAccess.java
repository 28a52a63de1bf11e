package dev.hangdoctor.linux.proc;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;

/**
 * The facts that decide whether this process may read another one's protected {@code /proc} entries
 * (fds, syscalls, memory): the same ptrace access rules apply. Used to tell the user exactly what
 * is missing when the kernel refuses.
 */
public record PtraceAccess(
    int ourUid, int targetUid, boolean weAreRoot, boolean weHaveCapSysPtrace, Integer yamaScope) {

  /** {@code CAP_SYS_PTRACE} is capability 19. */
  private static final long CAP_SYS_PTRACE = 1L << 19;

  public static PtraceAccess of(ProcFs procFs, int targetPid) {
    StatusFile self = selfStatus(procFs);
    int ourUid = self.realUid();
    boolean capSysPtrace = false;
    String capEff = self.get("CapEff");
    try {
      capSysPtrace = capEff != null && (Long.parseUnsignedLong(capEff, 16) & CAP_SYS_PTRACE) != 0;
    } catch (NumberFormatException e) {
      // unknown: reported as not having the capability
    }
    int targetUid = -1;
    try {
      targetUid =
          StatusFile.parse(procFs.readText(procFs.pidDir(targetPid).resolve("status"))).realUid();
    } catch (ProcReadException e) {
      // the target is gone or hidden; its uid stays unknown
    }
    return new PtraceAccess(ourUid, targetUid, ourUid == 0, capSysPtrace, yamaScope(procFs));
  }

  /** The real uid of this process, or -1. */
  public static int currentUid(ProcFs procFs) {
    return selfStatus(procFs).realUid();
  }

  private static StatusFile selfStatus(ProcFs procFs) {
    try {
      return StatusFile.parse(procFs.readText(procFs.root().resolve("self/status")));
    } catch (ProcReadException e) {
      return StatusFile.parse("");
    }
  }

  private static Integer yamaScope(ProcFs procFs) {
    Path scope = procFs.root().resolve("sys/kernel/yama/ptrace_scope");
    try {
      return Integer.parseInt(procFs.readText(scope).trim());
    } catch (ProcReadException | NumberFormatException e) {
      return null;
    }
  }

  public boolean sameUser() {
    return ourUid >= 0 && ourUid == targetUid;
  }
}
