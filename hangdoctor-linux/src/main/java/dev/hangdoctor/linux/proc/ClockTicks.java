package dev.hangdoctor.linux.proc;

/**
 * Converts the clock ticks of {@code /proc} times to milliseconds. {@code USER_HZ} is fixed at 100
 * by the x86_64 ABI ({@code getconf CLK_TCK}), independent of the kernel's internal {@code HZ}.
 */
public final class ClockTicks {
  public static final int PER_SECOND = 100;

  private ClockTicks() {}

  public static long toMillis(long ticks) {
    return ticks * 1000 / PER_SECOND;
  }
}
