package dev.hangdoctor.evidence;

/** CPU time consumed so far, split into user and kernel (system) time. */
public record CpuTime(long userMillis, long systemMillis) {
  public static final CpuTime ZERO = new CpuTime(0, 0);

  public long totalMillis() {
    return userMillis + systemMillis;
  }
}
