package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Futexes;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.LoopProgress;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * One Python thread holds the GIL in every sample, on the same innermost Python frame, while other
 * Python threads that want to run get none: they sit in CPython's timed GIL wait (a futex wait with
 * a timeout, woken every switch interval to ask for the GIL again) using no CPU. The Python
 * interpreter hands the GIL over at least every switch interval, so a holder that never lets go is
 * in native code: a C call that blocks or loops without {@code Py_BEGIN_ALLOW_THREADS}. Ranked
 * before {@code cpu-spin}, which sees only the holder's CPU.
 */
final class GilHeldNative implements Rule {
  static final String ID = "gil-held-native";

  /** A GIL waiter asks again every switch interval (5 ms): at least this many wake-ups a second. */
  private static final double MIN_WAKEUPS_PER_SECOND = 20;

  /** A thread that never gets the GIL uses (almost) no CPU. */
  private static final double MAX_WAITER_CPU_PERCENT = 5;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    ProcessSnapshot latest = inspection.latest();
    if (latest.python() == null || latest.python().threads().isEmpty()) {
      return List.of();
    }
    for (PythonThread candidate : latest.python().threads()) {
      int tid = candidate.nativeThreadId();
      Optional<ThreadActivity> holder = Lookup.activity(inspection, tid);
      if (holder.isEmpty() || !holdsGilOnSameFrameInEverySample(inspection, tid)) {
        continue;
      }
      List<Waiter> waiters = waiters(inspection, tid);
      if (!waiters.isEmpty()) {
        return List.of(finding(inspection, holder.get(), candidate.frames(), waiters));
      }
    }
    return List.of();
  }

  /**
   * The thread holds the GIL in every sample with its innermost frame on the same line, and its
   * variables never took another value in any read: a thread inside one C call runs no Python code.
   * A pure-Python loop holds the GIL most of the time too and, on a loaded machine, its waiters are
   * caught waiting in every sample; its line or its variables move (the AnyIO reindex control on
   * 3.13, 1 window in 10).
   */
  private static boolean holdsGilOnSameFrameInEverySample(Inspection inspection, int tid) {
    PythonFrame first = null;
    List<List<PythonFrame>> stacks = new ArrayList<>();
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonThread> thread = Lookup.pythonThread(sample, tid);
      if (thread.isEmpty() || !thread.get().holdsGil() || thread.get().frames().isEmpty()) {
        return false;
      }
      PythonFrame innermost = thread.get().frames().get(0);
      if (first == null) {
        first = innermost;
      } else if (!Objects.equals(first.file(), innermost.file())
          || !Objects.equals(first.qualifiedName(), innermost.qualifiedName())
          || first.line() != innermost.line()) {
        return false;
      }
      stacks.add(thread.get().frames());
    }
    stacks.addAll(Lookup.stacksBetweenSamples(inspection, tid));
    return first != null && LoopProgress.of(stacks) != LoopProgress.Verdict.MOVED;
  }

  /** A thread waiting for the GIL: its name, tid, innermost frame and the futex it waits on. */
  private record Waiter(int tid, String name, PythonFrame frame, long futex) {}

  /**
   * The other Python threads that never held the GIL, waited in a timed futex wait whenever they
   * were seen in the kernel, woke often and used almost no CPU.
   */
  private static List<Waiter> waiters(Inspection inspection, int holderTid) {
    double seconds = Math.max(inspection.window().spanMillis(), 1) / 1000.0;
    List<Waiter> waiters = new ArrayList<>();
    for (PythonThread thread : inspection.latest().python().threads()) {
      int tid = thread.nativeThreadId();
      Optional<ThreadActivity> activity = Lookup.activity(inspection, tid);
      if (tid == holderTid
          || activity.isEmpty()
          || activity.get().cpuPercent() > MAX_WAITER_CPU_PERCENT
          || activity.get().voluntaryContextSwitchesDelta() / seconds < MIN_WAKEUPS_PER_SECOND) {
        continue;
      }
      OptionalLong futex = timedFutexInEverySample(inspection, tid);
      if (futex.isPresent()) {
        waiters.add(
            new Waiter(
                tid,
                Lookup.threadName(inspection, activity.get()),
                thread.frames().isEmpty() ? null : thread.frames().get(0),
                futex.getAsLong()));
      }
    }
    return waiters;
  }

  /**
   * The futex the thread waits on with a timeout in every sample where it is in the kernel (it may
   * be caught running between two waits), never holding the GIL.
   */
  private static OptionalLong timedFutexInEverySample(Inspection inspection, int tid) {
    OptionalLong address = OptionalLong.empty();
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonThread> python = Lookup.pythonThread(sample, tid);
      Optional<ThreadSnapshot> kernel =
          sample.threads().stream().filter(t -> t.tid() == tid).findFirst();
      if (python.isEmpty() || python.get().holdsGil() || kernel.isEmpty()) {
        return OptionalLong.empty();
      }
      SyscallState call = kernel.get().kernelWait().syscall();
      if (call.status() == SyscallState.Status.RUNNING) {
        continue;
      }
      if (!Futexes.waitsWithTimeout(call)) {
        return OptionalLong.empty();
      }
      OptionalLong now = Futexes.address(call);
      if (address.isPresent() && address.getAsLong() != now.getAsLong()) {
        return OptionalLong.empty();
      }
      address = now;
    }
    return address;
  }

  private static Finding finding(
      Inspection inspection,
      ThreadActivity holder,
      List<PythonFrame> frames,
      List<Waiter> waiters) {
    List<PythonFrame> keyFrames = UserFrames.keyFrames(frames);
    PythonFrame call = frames.get(0);
    String name = Lookup.threadName(inspection, holder);
    boolean blocked = holder.kernelWait().syscall().status() == SyscallState.Status.IN_SYSCALL;
    String window = Lookup.window(inspection);

    List<String> evidence = new ArrayList<>();
    evidence.add(
        name
            + " holds the GIL in all "
            + window
            + ", innermost Python frame "
            + call.qualifiedName()
            + " ("
            + UserFrames.location(call)
            + ") every time");
    evidence.add(
        blocked
            ? String.format(
                Locale.ROOT,
                "%s is blocked in %s%s while holding it (%.0f %% CPU): a native call that"
                    + " did not release the GIL",
                name,
                holder.kernelWait().describe(),
                holder.waitUnchanged() ? ", unchanged" : "",
                holder.cpuPercent())
            : String.format(
                Locale.ROOT,
                "%s runs at %.0f %% CPU in native code below that frame",
                name,
                holder.cpuPercent()));
    evidence.add(
        waiters.size()
            + " other thread(s) wait for the GIL: "
            + waiters.stream().map(GilHeldNative::describe).collect(Collectors.joining("; ")));

    String explanation =
        "CPython lets one thread run Python code at a time and hands the GIL over every few"
            + " milliseconds, but only between bytecodes. "
            + name
            + " entered native code at "
            + UserFrames.location(call)
            + " that "
            + (blocked ? "blocks" : "computes")
            + " without releasing the GIL, so every other Python thread is frozen until that"
            + " call returns.";
    String site = UserFrames.location(call) + " (" + call.qualifiedName() + ")";
    String fix =
        "At "
            + site
            + ": release the GIL around the native work. For a ctypes call, load the library"
            + " with ctypes.CDLL instead of ctypes.PyDLL (CDLL releases the GIL during the call);"
            + " in a C extension wrap the blocking or long part in Py_BEGIN_ALLOW_THREADS /"
            + " Py_END_ALLOW_THREADS. If the work must hold the GIL (a long regex, a big C-level"
            + " loop), bound or chunk it (smaller inputs, a regex without nested quantifiers), or"
            + " move it to a process (concurrent.futures.ProcessPoolExecutor) so the other threads"
            + " keep running.";
    return new Finding(
        ID,
        "GIL held in native code",
        Confidence.HIGH,
        holder.tid(),
        name,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String describe(Waiter waiter) {
    return waiter.name()
        + " (tid "
        + waiter.tid()
        + (waiter.frame() == null ? "" : ", at " + UserFrames.location(waiter.frame()))
        + ", timed futex wait on 0x"
        + Long.toHexString(waiter.futex())
        + ")";
  }
}
