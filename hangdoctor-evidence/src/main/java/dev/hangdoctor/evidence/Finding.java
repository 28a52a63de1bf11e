package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One known hang signature recognised in the evidence: which rule saw it ({@code ruleId}, also the
 * name of its {@code docs/rules/<id>.md}), the kind of hang in words, how sure the rule is, the
 * thread it concerns ({@code tid} {@link #PROCESS_WIDE} and {@code threadName} {@code null} when it
 * concerns the process as a whole), the key frames (the user's own code first, then the library
 * frame it called; Java frames in the same record: method, class and method, source file, line;
 * empty when no Python stack was read), the evidence lines it rests on, a plain explanation, and
 * the fix made concrete for that code location. {@code stack} is the blocking thread's whole Python
 * stack, innermost first, the user's frames marked and given their source lines (empty when no
 * stack was read, and in findings recorded before it existed).
 */
public record Finding(
    String ruleId,
    String kind,
    Confidence confidence,
    int tid,
    String threadName,
    List<PythonFrame> keyFrames,
    List<String> evidence,
    String explanation,
    String fix,
    List<StackFrame> stack) {

  /** The {@code tid} of a finding about the whole process rather than one thread. */
  public static final int PROCESS_WIDE = 0;

  public Finding {
    keyFrames = List.copyOf(keyFrames);
    evidence = List.copyOf(evidence);
    stack = stack == null ? List.of() : List.copyOf(stack);
  }

  /** A finding without the blocking thread's whole stack. */
  public Finding(
      String ruleId,
      String kind,
      Confidence confidence,
      int tid,
      String threadName,
      List<PythonFrame> keyFrames,
      List<String> evidence,
      String explanation,
      String fix) {
    this(
        ruleId,
        kind,
        confidence,
        tid,
        threadName,
        keyFrames,
        evidence,
        explanation,
        fix,
        List.of());
  }

  /** This finding with the blocking thread's whole stack. */
  public Finding withStack(List<StackFrame> frames) {
    return new Finding(
        ruleId, kind, confidence, tid, threadName, keyFrames, evidence, explanation, fix, frames);
  }
}
