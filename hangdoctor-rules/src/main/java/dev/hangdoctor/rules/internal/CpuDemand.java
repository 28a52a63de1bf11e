package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.HostLoad;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ThreadActivity;
import java.util.Locale;

/**
 * One definition of "this thread wanted a CPU for the whole window", judged against the CPU it
 * could get rather than a fixed share of one CPU: a spinner on a loaded 2-core machine gets 60 % or
 * less, and waits in the run queue for the rest. With the scheduler's statistics a thread is busy
 * when it was runnable (running, or waiting for a CPU) for at least {@value #MIN_RUNNABLE_PERCENT}
 * % of the window. Without them, its CPU % is compared with {@value #MIN_RUNNABLE_PERCENT} % of the
 * share the machine's load leaves it (one CPU divided among the load average per CPU), never less
 * than {@value #MIN_FALLBACK_CPU_PERCENT} %.
 */
public final class CpuDemand {
  /** Share of the window a busy thread was runnable: it never slept or blocked for long. */
  public static final double MIN_RUNNABLE_PERCENT = 80;

  /** A thread that got less CPU than this was not running at all, whatever it wanted. */
  static final double MIN_CPU_PERCENT = 1;

  /** Floor of the load-adjusted CPU % when there are no scheduler statistics. */
  static final double MIN_FALLBACK_CPU_PERCENT = 20;

  private CpuDemand() {}

  /** True when {@code thread} wanted a CPU for (nearly) the whole window. */
  public static boolean busy(Inspection inspection, ThreadActivity thread) {
    double runnable = thread.runnablePercent();
    if (runnable != ThreadActivity.UNKNOWN) {
      return runnable >= MIN_RUNNABLE_PERCENT && thread.cpuPercent() >= MIN_CPU_PERCENT;
    }
    return thread.cpuPercent() >= fallbackCpuPercent(inspection.latest().host());
  }

  /** The CPU % a busy thread reaches at this load, for a kernel without scheduler statistics. */
  static double fallbackCpuPercent(HostLoad host) {
    double perCpu = host == null ? 0 : host.load1PerCpu();
    double share = perCpu <= 1 ? 1 : 1 / perCpu;
    return Math.max(MIN_FALLBACK_CPU_PERCENT, MIN_RUNNABLE_PERCENT * share);
  }

  /**
   * How much CPU the thread wanted and got, for the evidence: {@code CPU 61 % and 37 % waiting for
   * a CPU: runnable 98 % of the window (load average 3.10 on 2 CPUs)}.
   */
  public static String describe(Inspection inspection, ThreadActivity thread) {
    String load = load(inspection.latest().host());
    double runnable = thread.runnablePercent();
    if (runnable == ThreadActivity.UNKNOWN) {
      return String.format(
          Locale.ROOT,
          "CPU %.0f %% of the window (no scheduler statistics; %s)",
          thread.cpuPercent(),
          load);
    }
    return String.format(
        Locale.ROOT,
        "CPU %.0f %% and %.0f %% waiting for a CPU: runnable %.0f %% of the window (%s)",
        thread.cpuPercent(),
        thread.runqueueWaitPercent(),
        runnable,
        load);
  }

  /** The thread that wanted a CPU most, for "no thread was busy (busiest …)". */
  public static String busiest(Inspection inspection) {
    return inspection.window().threads().stream()
        .max(
            (a, b) ->
                Double.compare(
                    Math.max(a.runnablePercent(), a.cpuPercent()),
                    Math.max(b.runnablePercent(), b.cpuPercent())))
        .map(
            t ->
                t.runnablePercent() == ThreadActivity.UNKNOWN
                    ? String.format(Locale.ROOT, "busiest %.0f %% CPU", t.cpuPercent())
                    : String.format(
                        Locale.ROOT,
                        "busiest runnable %.0f %% of the window, %.0f %% CPU",
                        t.runnablePercent(),
                        t.cpuPercent()))
        .orElse("no threads");
  }

  private static String load(HostLoad host) {
    if (host == null) {
      return "machine load unknown";
    }
    return host.cpus() > 0
        ? String.format(Locale.ROOT, "load average %.2f on %d CPUs", host.load1(), host.cpus())
        : String.format(Locale.ROOT, "load average %.2f", host.load1());
  }
}
