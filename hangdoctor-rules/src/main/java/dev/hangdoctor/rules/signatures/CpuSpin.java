package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.CpuDemand;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaStacks;
import dev.hangdoctor.rules.internal.JvmThreadNames;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.LoopProgress;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread that wanted a CPU for the whole window ({@link CpuDemand}: runnable, on a CPU or waiting
 * for one, however little a loaded machine gave it) without getting anywhere: its Python stack is
 * the same in every sample and in every stack read between the samples — the same functions at
 * every depth, the callers on the same lines, only the innermost line may move inside a tight loop.
 * A busy worker whose stack changes between samples (another function, another caller line, another
 * depth) is progressing and not this signature. A Python thread whose stack was empty in a sample
 * (caught between two calls) is judged on the samples that have one; one whose frames could not be
 * read at all (they kept changing under the reader) is not judged. Without any Python stack (native
 * code) the CPU alone is the evidence, so the finding is only MEDIUM. When the stacks carry the
 * frames' local variables ({@link LoopProgress}), a thread whose long-lived frames bound a new
 * value to any variable is progressing whatever its stack looks like (a long computation in one C
 * call), and one whose stack varies below callers stuck on one line with unchanged variables is a
 * retry loop (MEDIUM). A Python thread that got less than {@link #MIN_CPU_MILLIS_TO_JUDGE} of CPU
 * in the window is not judged on its stacks. A Java thread is judged on its thread dumps (the same
 * code path in each, and almost no allocation meanwhile); HotSpot's own threads (the JIT compilers,
 * the GC) are never judged.
 */
final class CpuSpin implements Rule {
  static final String ID = "cpu-spin";

  /**
   * A Python thread that got less CPU than this over the window ran too little for its stacks to
   * tell a loop from work: starved on a loaded machine, a busy worker can sit in one function in
   * every read (a healthy order scorer at 6 % CPU, 66 ms, was caught in {@code Fraction.__new__}
   * three times), while spinners beside a CPU hog at load 8 still got 170 ms and more.
   */
  static final long MIN_CPU_MILLIS_TO_JUDGE = 100;

  /** A Java thread that allocated this much over the window did work, not spin. */
  static final long JAVA_SPIN_MAX_ALLOCATION = 256 * 1024;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean generic() {
    return true;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    boolean anyBusy =
        inspection.window().threads().stream().anyMatch(t -> CpuDemand.busy(inspection, t));
    return anyBusy
        ? "the busy threads' innermost Python frame changed between samples: they progress"
        : "no thread wanted a CPU for most of the window (" + CpuDemand.busiest(inspection) + ")";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    Optional<JavaStacks> java = JavaStacks.of(inspection);
    boolean jvm = JvmThreadNames.isJvm(inspection);
    for (ThreadActivity thread : inspection.window().threads()) {
      if (!CpuDemand.busy(inspection, thread)) {
        continue;
      }
      if (java.isPresent()) {
        java.get()
            .byTid(thread.tid())
            .filter(t -> !t.jvmHousekeeping() && javaSpin(java.get(), t))
            .ifPresent(t -> findings.add(javaFinding(inspection, thread, java.get(), t)));
        continue;
      }
      if (jvm && JvmThreadNames.isVmThread(thread.name())) {
        continue; // the JIT compiling, a GC: HotSpot's own work, not a loop of the application
      }
      List<List<PythonFrame>> stacks = new ArrayList<>();
      boolean pythonThread = false;
      for (ProcessSnapshot sample : inspection.samples()) {
        Optional<PythonThread> python = Lookup.pythonThread(sample, thread.tid());
        pythonThread |= python.isPresent() || knownToPythonButUnread(sample, thread.tid());
        if (python.isPresent() && !python.get().frames().isEmpty()) {
          stacks.add(python.get().frames());
        }
      }
      stacks.addAll(Lookup.stacksBetweenSamples(inspection, thread.tid()));
      LoopProgress.Verdict progress = LoopProgress.of(stacks);
      if (!pythonThread) {
        findings.add(finding(inspection, thread, List.of(), 0, progress, Confidence.MEDIUM));
      } else if (progress == LoopProgress.Verdict.MOVED || !ranEnoughToJudge(inspection, thread)) {
        continue; // it computes (new values in its variables), or it ran too little to tell
      } else if (stacks.size() >= 2 && sameStack(stacks)) {
        findings.add(
            finding(
                inspection,
                thread,
                UserFrames.keyFrames(loopHead(stacks)),
                stacks.size(),
                progress,
                Confidence.HIGH));
      } else {
        // a retry loop is judged on the reads that agree: a read that tore unnoticed must not cut
        // the frames that ran all window down to main (one read elsewhere still clears a thread
        // of the same-stack verdict above)
        List<List<PythonFrame>> agreed = LoopProgress.agreeing(stacks);
        LoopProgress.Verdict agreedProgress = LoopProgress.of(agreed);
        if (agreedProgress == LoopProgress.Verdict.STILL && retriesOneCall(agreed)) {
          List<PythonFrame> latest = agreed.get(agreed.size() - 1);
          int lived = LoopProgress.livedThrough(agreed);
          List<PythonFrame> loop = latest.subList(latest.size() - lived, latest.size());
          findings.add(
              finding(
                  inspection,
                  thread,
                  loopAndCaller(loop),
                  agreed.size(),
                  agreedProgress,
                  Confidence.MEDIUM));
        }
      }
    }
    return findings;
  }

  private static boolean ranEnoughToJudge(Inspection inspection, ThreadActivity thread) {
    return thread.cpuPercent() / 100 * inspection.window().spanMillis() >= MIN_CPU_MILLIS_TO_JUDGE;
  }

  /**
   * A Java thread on the very same code path in every dump of the window (only the innermost line
   * may move) that allocated (almost) nothing meanwhile: a worker that runs task after task through
   * the same methods allocates as it works; a loop polling a flag does not.
   */
  private static boolean javaSpin(JavaStacks stacks, JavaThread thread) {
    List<JavaThread> history = stacks.history(thread);
    if (history.size() < 2 || history.size() < stacks.dumpCount() || thread.frames().isEmpty()) {
      return false;
    }
    JavaThread first = history.get(0);
    for (JavaThread later : history) {
      List<JavaFrame> a = first.frames();
      List<JavaFrame> b = later.frames();
      if (a.size() != b.size()) {
        return false;
      }
      for (int depth = 0; depth < a.size(); depth++) {
        boolean sameCode = a.get(depth).qualifiedMethod().equals(b.get(depth).qualifiedMethod());
        if (!sameCode || (depth > 0 && a.get(depth).line() != b.get(depth).line())) {
          return false;
        }
      }
    }
    long before = first.allocatedBytes();
    long after = history.get(history.size() - 1).allocatedBytes();
    return before < 0 || after < 0 || after - before < JAVA_SPIN_MAX_ALLOCATION;
  }

  private static Finding javaFinding(
      Inspection inspection, ThreadActivity thread, JavaStacks stacks, JavaThread java) {
    List<PythonFrame> keyFrames = JavaFrames.keyFrames(java.frames());
    String at =
        JavaFrames.innermostApplicationFrame(java.frames())
            .map(JavaFrames::shortly)
            .orElse(JavaFrames.shortly(java.frames().get(0)));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        String.format(
            Locale.ROOT,
            "CPU %.0f %% (%s), state %s",
            thread.cpuPercent(),
            Lookup.window(inspection),
            thread.state()));
    evidence.add(
        JavaStacks.who(java)
            + " at "
            + at
            + " in all "
            + stacks.dumpCount()
            + " thread dumps of the window, the same call chain each time, allocating (almost)"
            + " nothing");
    return new Finding(
        ID,
        "CPU spin without progress",
        Confidence.MEDIUM,
        thread.tid(),
        java.name(),
        keyFrames,
        evidence,
        "The thread burns CPU on the same code path in every dump without allocating: it loops"
            + " without progress, typically polling a condition that never becomes true.",
        "The loop at "
            + at
            + " spins: wait for the condition (a CountDownLatch, a Condition, a"
            + " BlockingQueue.take) instead of polling, or give the loop an exit condition and a"
            + " bound.");
  }

  /**
   * A Python thread whose frames could not be read in this sample (they changed under the reader,
   * which a thread racing through its work does): not native code, and not evidence of a spin.
   */
  private static boolean knownToPythonButUnread(ProcessSnapshot sample, int tid) {
    return sample.python() != null
        && sample.python().threads().stream()
            .anyMatch(t -> t.nativeThreadId() == tid && t.problem() != null);
  }

  /**
   * The same call chain in every stack: equal depth, the same function of the same file at every
   * depth, every caller on the same line; the innermost line may move within a tight loop.
   */
  private static boolean sameStack(List<List<PythonFrame>> stacks) {
    List<PythonFrame> first = stacks.get(0);
    for (List<PythonFrame> stack : stacks) {
      if (stack.size() != first.size()) {
        return false;
      }
      for (int depth = 0; depth < stack.size(); depth++) {
        PythonFrame a = first.get(depth);
        PythonFrame b = stack.get(depth);
        boolean sameCode =
            Objects.equals(a.file(), b.file())
                && Objects.equals(a.qualifiedName(), b.qualifiedName());
        if (!sameCode || (depth > 0 && a.line() != b.line())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Of stacks that differ at most in the innermost line, the latest one on the lowest line: a tight
   * loop's samples fall on its header and on its body's lines, and the header ({@code while not
   * ready:}) is the line to name, whichever one the last sample happened to catch.
   */
  static List<PythonFrame> loopHead(List<List<PythonFrame>> stacks) {
    List<PythonFrame> head = stacks.get(0);
    for (List<PythonFrame> stack : stacks) {
      if (stack.get(0).line() <= head.get(0).line()) {
        head = stack;
      }
    }
    return head;
  }

  /**
   * The stack varies below frames that ran all window long, and every one of those frames but the
   * innermost stays on the same line: the same call made over and over (a retry loop).
   */
  private static boolean retriesOneCall(List<List<PythonFrame>> stacks) {
    int lived = LoopProgress.livedThrough(stacks);
    if (stacks.size() < 2 || lived < 2) {
      return false;
    }
    List<PythonFrame> first = stacks.get(0);
    for (List<PythonFrame> stack : stacks) {
      for (int depth = 0; depth < lived - 1; depth++) {
        if (stack.get(stack.size() - 1 - depth).line()
            != first.get(first.size() - 1 - depth).line()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The retry loop's frame (the innermost user frame that ran all window) and the user frame that
   * called it, the line whose call is retried.
   */
  private static List<PythonFrame> loopAndCaller(List<PythonFrame> loop) {
    List<PythonFrame> key = new ArrayList<>();
    for (PythonFrame frame : loop) {
      if (!UserFrames.isLibrary(frame.file())) {
        key.add(frame);
        if (key.size() == 2) {
          break;
        }
      }
    }
    return key.isEmpty() ? UserFrames.keyFrames(loop) : key;
  }

  private static Finding finding(
      Inspection inspection,
      ThreadActivity thread,
      List<PythonFrame> keyFrames,
      int stackReads,
      LoopProgress.Verdict progress,
      Confidence how) {
    List<String> evidence = new ArrayList<>();
    evidence.add(
        String.format(
            Locale.ROOT,
            "%s, over %s; state %s, %d involuntary context switches",
            CpuDemand.describe(inspection, thread),
            Lookup.window(inspection),
            thread.state(),
            thread.involuntaryContextSwitchesDelta()));
    String explanation;
    String fix;
    if (keyFrames.isEmpty()) {
      evidence.add("no Python stack: whether the work progresses cannot be told from outside");
      explanation =
          "The thread wants a whole CPU without entering the kernel. A loop that waits for a"
              + " condition by polling it (or never meets its exit condition) looks like this;"
              + " so does heavy computation, which only a native stack can tell apart.";
      fix =
          "Take a native stack of tid "
              + thread.tid()
              + " (gdb -p PID, 'thread apply all bt') to find the loop; replace busy polling"
              + " with a blocking wait on a condition variable, or bound the loop.";
    } else {
      PythonFrame user = keyFrames.get(0);
      evidence.add(
          how == Confidence.HIGH
              ? "innermost Python frame "
                  + keyFrames.get(keyFrames.size() - 1).qualifiedName()
                  + " in all "
                  + stackReads
                  + " stack reads of the window, the same call chain each time"
              : "the callers stay on the same line in all "
                  + stackReads
                  + " stack reads of the window while "
                  + user.qualifiedName()
                  + " calls the same code again and again");
      if (progress == LoopProgress.Verdict.STILL) {
        evidence.add(
            "every local variable of the frames that ran all window long ("
                + user.qualifiedName()
                + " and its callers) kept the same value in every read: the loop computes"
                + " nothing new");
      }
      explanation =
          how == Confidence.HIGH
              ? "The thread wants a CPU for the whole window and is in the same function in every"
                  + " sample: it loops without progress, typically polling a condition that never"
                  + " becomes true."
              : "The thread wants a CPU for the whole window, repeating the same call from the"
                  + " same line with the same variables: it loops without progress, typically"
                  + " retrying a call that fails the same way every time, without a bound or a"
                  + " pause.";
      fix =
          "The loop at "
              + UserFrames.location(user)
              + " ("
              + user.qualifiedName()
              + ") spins: wait for the condition with threading.Event.wait(timeout) or a"
              + " Condition instead of polling, or give the loop an exit condition and a bound.";
    }
    return new Finding(
        ID,
        "CPU spin without progress",
        how,
        thread.tid(),
        Lookup.threadName(inspection, thread),
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
