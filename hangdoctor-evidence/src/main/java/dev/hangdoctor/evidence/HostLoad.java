package dev.hangdoctor.evidence;

/**
 * How busy the whole machine was when a sample was taken: the load averages over 1, 5 and 15
 * minutes and the tasks runnable at that instant, from {@code /proc/loadavg}, and the CPUs online
 * ({@code /proc/stat}). {@code cpus} is 0 when unknown.
 */
public record HostLoad(
    double load1, double load5, double load15, int runnableTasks, int tasks, int cpus) {

  /** The 1-minute load average per online CPU (above 1: tasks wait for a CPU), or 0 unknown. */
  public double load1PerCpu() {
    return cpus <= 0 ? 0 : load1 / cpus;
  }
}
