package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread burning at least {@value #MIN_CPU_PERCENT} % CPU without getting anywhere: its innermost
 * Python frame is the same function in every sample. A busy worker whose innermost frame changes
 * between samples is progressing and not this signature. Without Python stacks (native code) the
 * CPU alone is the evidence, so the finding is only MEDIUM.
 */
final class CpuSpin implements Rule {
  static final String ID = "cpu-spin";
  static final double MIN_CPU_PERCENT = 80;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    double top =
        inspection.window().threads().stream()
            .mapToDouble(ThreadActivity::cpuPercent)
            .max()
            .orElse(0);
    return top < MIN_CPU_PERCENT
        ? String.format(Locale.ROOT, "no thread at high CPU (busiest %.0f %%)", top)
        : "the busy threads' innermost Python frame changed between samples: they progress";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (thread.cpuPercent() < MIN_CPU_PERCENT) {
        continue;
      }
      List<PythonFrame> innermost = new ArrayList<>();
      List<PythonFrame> latestStack = List.of();
      for (ProcessSnapshot sample : inspection.samples()) {
        Optional<PythonThread> python = Lookup.pythonThread(sample, thread.tid());
        if (python.isPresent() && !python.get().frames().isEmpty()) {
          latestStack = python.get().frames();
          innermost.add(latestStack.get(0));
        }
      }
      boolean pythonInEverySample = innermost.size() == inspection.samples().size();
      if (!pythonInEverySample) {
        findings.add(finding(inspection, thread, List.of(), Confidence.MEDIUM));
      } else if (sameCode(innermost)) {
        findings.add(
            finding(inspection, thread, UserFrames.keyFrames(latestStack), Confidence.HIGH));
      }
    }
    return findings;
  }

  /** Same function of the same file: the line may move within a tight loop. */
  private static boolean sameCode(List<PythonFrame> frames) {
    PythonFrame first = frames.get(0);
    return frames.stream()
        .allMatch(
            frame ->
                Objects.equals(frame.file(), first.file())
                    && Objects.equals(frame.qualifiedName(), first.qualifiedName()));
  }

  private static Finding finding(
      Inspection inspection, ThreadActivity thread, List<PythonFrame> keyFrames, Confidence how) {
    List<String> evidence = new ArrayList<>();
    evidence.add(
        String.format(
            Locale.ROOT,
            "CPU %.0f %% (%s), state %s, %d involuntary context switches",
            thread.cpuPercent(),
            Lookup.window(inspection),
            thread.state(),
            thread.involuntaryContextSwitchesDelta()));
    String explanation;
    String fix;
    if (keyFrames.isEmpty()) {
      evidence.add("no Python stack: whether the work progresses cannot be told from outside");
      explanation =
          "The thread uses a whole CPU without entering the kernel. A loop that waits for a"
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
          "innermost Python frame "
              + keyFrames.get(keyFrames.size() - 1).qualifiedName()
              + " in every sample");
      explanation =
          "The thread burns CPU in the same function in every sample: it loops without"
              + " progress, typically polling a condition that never becomes true.";
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
