package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.ProcessTreeRule;
import dev.hangdoctor.rules.internal.ChildWaits;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;

/**
 * A parent thread waiting, unchanged for the whole window, on a child process that is itself stuck:
 * in {@code wait4}/{@code waitid}, or reading or polling the child's pipes ({@code
 * subprocess.run(capture_output=True)}). The finding names the child and carries the root cause
 * found further down the tree. A child with no finding of its own (sleeping, or busy and
 * progressing) makes no finding here: waiting on a healthy child is no hang.
 */
final class WaitsOnChild implements ProcessTreeRule {
  static final String ID = "waits-on-child";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection process, List<Diagnosis> children) {
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity thread : process.window().threads()) {
      for (Diagnosis child : ChildWaits.waitedChildren(process, thread, children)) {
        ChildWaits.rootCause(child, ID)
            .ifPresent(root -> findings.add(finding(process, thread, child, root)));
      }
    }
    return findings;
  }

  private static Finding finding(
      Inspection process, ThreadActivity thread, Diagnosis child, ChildWaits.RootCause root) {
    Finding cause = root.finding();
    List<PythonFrame> keyFrames =
        UserFrames.keyFrames(
            Lookup.pythonThread(process.latest(), thread.tid())
                .map(PythonThread::frames)
                .orElse(List.of()));
    String rootWhere = where(cause);
    List<String> evidence = new ArrayList<>();
    evidence.add(thread.kernelWait().describe() + ", unchanged in all " + Lookup.window(process));
    evidence.add("waits on child " + ChildWaits.describe(child));
    if (root.process() != child) {
      evidence.add("which waits on " + ChildWaits.describe(root.process()));
    }
    evidence.add(
        "root cause in PID "
            + root.process().pid()
            + ": "
            + cause.kind()
            + " ("
            + cause.confidence()
            + ")"
            + (cause.tid() == Finding.PROCESS_WIDE ? "" : " in tid " + cause.tid())
            + (cause.threadName() == null ? "" : " \"" + cause.threadName() + "\"")
            + rootWhere);
    cause.evidence().stream().findFirst().ifPresent(line -> evidence.add("  " + line));
    String explanation =
        "This thread waits for child PID "
            + child.pid()
            + ", which will not finish: the root cause is in PID "
            + root.process().pid()
            + ", "
            + cause.kind()
            + rootWhere
            + ". "
            + cause.explanation();
    String bound =
        keyFrames.isEmpty()
            ? "bound the parent's wait (waitpid with WNOHANG in a loop with a deadline, or a"
                + " timeout on the read) and kill the child when it expires"
            : "bound the wait at "
                + UserFrames.location(keyFrames.get(0))
                + " ("
                + keyFrames.get(0).qualifiedName()
                + ") with timeout=... (subprocess.run, Popen.wait and communicate take one) and"
                + " kill the child on subprocess.TimeoutExpired";
    String fix = "Fix the child first: " + cause.fix() + " Then " + bound + ".";
    Confidence confidence =
        cause.confidence() == Confidence.HIGH ? Confidence.HIGH : Confidence.MEDIUM;
    return new Finding(
        ID,
        "waits on stuck child PID " + child.pid(),
        confidence,
        thread.tid(),
        Lookup.threadName(process, thread),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String where(Finding cause) {
    return cause.keyFrames().isEmpty()
        ? ""
        : " at "
            + UserFrames.location(cause.keyFrames().get(0))
            + " ("
            + cause.keyFrames().get(0).qualifiedName()
            + ")";
  }
}
