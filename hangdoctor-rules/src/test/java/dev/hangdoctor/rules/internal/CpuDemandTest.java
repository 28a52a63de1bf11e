package dev.hangdoctor.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.HostLoad;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuDemandTest {
  private static final HostLoad LOADED = new HostLoad(4.0, 3.0, 2.0, 5, 300, 2);

  @Test
  void aThreadRunnableTheWholeWindowIsBusyHoweverLittleCpuItGot() {
    Inspection inspection = inspection(LOADED, thread(34, 64));

    assertThat(CpuDemand.busy(inspection, inspection.window().threads().get(0))).isTrue();
    assertThat(CpuDemand.describe(inspection, inspection.window().threads().get(0)))
        .isEqualTo(
            "CPU 34 % and 64 % waiting for a CPU: runnable 98 % of the window (load average 4.00"
                + " on 2 CPUs)");
  }

  @Test
  void aThreadThatSleptPartOfTheWindowIsNotBusyEvenAtHighCpu() {
    Inspection inspection = inspection(null, thread(70, 0));

    assertThat(CpuDemand.busy(inspection, inspection.window().threads().get(0))).isFalse();
    assertThat(CpuDemand.busiest(inspection))
        .isEqualTo("busiest runnable 70 % of the window, 70 % CPU");
  }

  @Test
  void aThreadThatGotNoCpuAtAllIsNotBusy() {
    Inspection inspection = inspection(LOADED, thread(0, 99));

    assertThat(CpuDemand.busy(inspection, inspection.window().threads().get(0))).isFalse();
  }

  @Test
  void withoutSchedulerStatisticsTheThresholdFollowsTheLoad() {
    assertThat(CpuDemand.fallbackCpuPercent(null)).isEqualTo(80);
    assertThat(CpuDemand.fallbackCpuPercent(new HostLoad(1.5, 1, 1, 1, 100, 2))).isEqualTo(80);
    assertThat(CpuDemand.fallbackCpuPercent(LOADED)).isEqualTo(40);
    assertThat(CpuDemand.fallbackCpuPercent(new HostLoad(30, 30, 30, 30, 300, 2))).isEqualTo(20);

    Inspection loaded = inspection(LOADED, thread(45, ThreadActivity.UNKNOWN));
    assertThat(CpuDemand.busy(loaded, loaded.window().threads().get(0))).isTrue();
    assertThat(CpuDemand.describe(loaded, loaded.window().threads().get(0)))
        .isEqualTo("CPU 45 % of the window (no scheduler statistics; load average 4.00 on 2 CPUs)");
    Inspection idle = inspection(new HostLoad(0.5, 0.5, 0.5, 1, 100, 2), thread(45, -1));
    assertThat(CpuDemand.busy(idle, idle.window().threads().get(0))).isFalse();
  }

  private static ThreadActivity thread(double cpu, double wait) {
    return new ThreadActivity(
        7,
        "worker",
        TaskState.RUNNING,
        new KernelWait(null, SyscallState.RUNNING, KernelWait.NO_OWNER),
        cpu,
        false,
        3,
        0,
        12,
        wait);
  }

  private static Inspection inspection(HostLoad host, ThreadActivity thread) {
    ProcessInfo info =
        new ProcessInfo(
            7,
            1,
            "worker",
            0,
            "root",
            List.of("worker"),
            "/bin/worker",
            "/",
            TaskState.RUNNING,
            false,
            0,
            1000,
            1,
            0,
            CpuTime.ZERO);
    ProcessSnapshot sample =
        new ProcessSnapshot(
            0, 0, info, List.of(), null, List.of(), List.of(), List.of(), null, host);
    return new Inspection(
        Inspection.SCHEMA_VERSION,
        7,
        List.of(sample),
        new WindowSummary(3, 1000, thread.cpuPercent(), List.of(thread), List.of(), 5, 5),
        null,
        false);
  }
}
