package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.SchedStat;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every thread of a process from {@code
 * /proc/PID/task/TID/{stat,status,wchan,syscall,schedstat}}. Threads that exit during the read are
 * left out; refused reads become gaps and unknown values. A kernel without scheduler statistics (no
 * {@code schedstat} file) leaves them out silently.
 */
public final class ThreadReader {
  static final String WAITS = "thread waits (wchan, syscall)";

  private final ProcFs procFs;

  public ThreadReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  public List<ThreadSnapshot> read(int pid, GapCollector gaps) throws ProcReadException {
    return read(pid, tids(pid), gaps);
  }

  /** The ids of the process's threads, ascending. */
  public int[] tids(int pid) throws ProcReadException {
    return procFs.listNumbers(procFs.pidDir(pid).resolve("task"));
  }

  /** The given threads; those that exit meanwhile are left out. */
  public List<ThreadSnapshot> read(int pid, int[] tids, GapCollector gaps) {
    return read(pid, tids, gaps, true);
  }

  /**
   * As {@link #read(int, int[], GapCollector)}; without {@code counters}, each thread's context
   * switches and scheduler statistics ({@code status}, {@code schedstat}) are not read: zero and
   * unknown.
   */
  public List<ThreadSnapshot> read(int pid, int[] tids, GapCollector gaps, boolean counters) {
    List<ThreadSnapshot> threads = new ArrayList<>(tids.length);
    for (int tid : tids) {
      try {
        threads.add(readThread(pid, tid, gaps, counters));
      } catch (ProcReadException e) {
        if (!e.targetExited()) {
          gaps.add("thread " + tid, e);
        }
      }
    }
    return threads;
  }

  private ThreadSnapshot readThread(int pid, int tid, GapCollector gaps, boolean counters)
      throws ProcReadException {
    Path dir = procFs.taskDir(pid, tid);
    StatLine stat = StatParser.parse(procFs.readText(dir.resolve("stat")));
    StatusFile status = counters ? StatusFile.parse(procFs.readText(dir.resolve("status"))) : null;
    return new ThreadSnapshot(
        tid,
        stat.comm(),
        stat.state(),
        new KernelWait(readWchan(dir, gaps), readSyscall(dir, gaps), KernelWait.NO_OWNER),
        new CpuTime(ClockTicks.toMillis(stat.userTicks()), ClockTicks.toMillis(stat.systemTicks())),
        status == null ? 0 : status.voluntaryContextSwitches(),
        status == null ? 0 : status.involuntaryContextSwitches(),
        counters ? readSchedStat(dir) : null);
  }

  private SchedStat readSchedStat(Path dir) throws ProcReadException {
    try {
      return SchedStatParser.parse(procFs.readText(dir.resolve("schedstat")));
    } catch (ProcReadException e) {
      // "no such file" is also what a kernel without CONFIG_SCHED_INFO says: only a thread whose
      // directory went away has exited.
      if (e.targetExited() && !procFs.exists(dir)) {
        throw e;
      }
      return null;
    }
  }

  private String readWchan(Path dir, GapCollector gaps) throws ProcReadException {
    try {
      return Wchan.read(procFs, dir);
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw e;
      }
      gaps.add(WAITS, e);
      return null;
    }
  }

  private SyscallState readSyscall(Path dir, GapCollector gaps) throws ProcReadException {
    try {
      return SyscallParser.parse(procFs.readText(dir.resolve("syscall")));
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw e;
      }
      gaps.add(WAITS, e);
      return SyscallState.UNKNOWN;
    }
  }
}
