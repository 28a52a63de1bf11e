package dev.hangdoctor.jvm.attach;

import dev.hangdoctor.linux.proc.StatusFile;
import java.util.Optional;

/**
 * What the attach protocol needs to know about a process, from its {@code /proc/PID/status}: its
 * pid in its own PID namespace ({@code NSpid}'s last number: the JVM names its socket after that
 * one), its effective user and group (the socket's owner, and who the JVM lets in), and whether it
 * catches SIGQUIT (not under {@code -Xrs}, where SIGQUIT kills it).
 */
public record AttachTarget(int hostPid, int namespacePid, int euid, int egid, boolean catchesQuit) {
  /** SIGQUIT is signal 3: bit 2 of the SigCgt and SigIgn masks. */
  private static final long SIGQUIT_BIT = 1L << 2;

  /** Parses the status file of {@code hostPid}; a pure function. */
  public static AttachTarget fromStatus(int hostPid, String statusText) {
    StatusFile status = StatusFile.parse(statusText);
    int nsPid = lastNumber(status.get("NSpid")).orElse(hostPid);
    int euid = column(status.get("Uid"), 1).orElse(-1);
    int egid = column(status.get("Gid"), 1).orElse(-1);
    long caught = mask(status.get("SigCgt"));
    long ignored = mask(status.get("SigIgn"));
    boolean catchesQuit = (caught & SIGQUIT_BIT) != 0 && (ignored & SIGQUIT_BIT) == 0;
    return new AttachTarget(hostPid, nsPid, euid, egid, catchesQuit);
  }

  /** True when the JVM runs in a PID namespace of its own (a container). */
  public boolean inPidNamespace() {
    return namespacePid != hostPid;
  }

  private static Optional<Integer> lastNumber(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String[] parts = value.trim().split("\\s+");
    return parse(parts[parts.length - 1]);
  }

  private static Optional<Integer> column(String value, int index) {
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.trim().split("\\s+");
    return parts.length > index ? parse(parts[index]) : Optional.empty();
  }

  private static Optional<Integer> parse(String number) {
    try {
      return Optional.of(Integer.parseInt(number));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The low 64 bits of a hex signal mask (wider masks have more digits; SIGQUIT is in these). */
  private static long mask(String hex) {
    if (hex == null || hex.isBlank()) {
      return 0;
    }
    String digits = hex.trim();
    if (digits.length() > 16) {
      digits = digits.substring(digits.length() - 16);
    }
    try {
      return Long.parseUnsignedLong(digits, 16);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
