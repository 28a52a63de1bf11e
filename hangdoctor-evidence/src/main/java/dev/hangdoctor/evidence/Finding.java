package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One known hang signature recognised in the evidence: which rule saw it ({@code ruleId}, also the
 * name of its {@code docs/rules/<id>.md}), the kind of hang in words, how sure the rule is, the
 * thread it concerns ({@code tid} {@link #PROCESS_WIDE} and {@code threadName} {@code null} when it
 * concerns the process as a whole), the key frames (the user's own code first, then the library
 * frame it called; Java frames in the same record: method, class and method, source file, line;
 * empty when no stack was read), the evidence lines it rests on, a plain explanation, and the fix
 * made concrete for that code location.
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
    String fix) {

  /** The {@code tid} of a finding about the whole process rather than one thread. */
  public static final int PROCESS_WIDE = 0;

  public Finding {
    keyFrames = List.copyOf(keyFrames);
    evidence = List.copyOf(evidence);
  }
}
