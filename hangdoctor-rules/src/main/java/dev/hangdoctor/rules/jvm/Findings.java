package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;

/** A finding about one Java thread, named as the user knows it. */
final class Findings {
  private Findings() {}

  static Finding about(
      String ruleId,
      String kind,
      Confidence confidence,
      JavaThread thread,
      List<PythonFrame> keyFrames,
      List<String> evidence,
      String explanation,
      String fix) {
    String name = thread.name().isEmpty() ? "virtual thread #" + thread.javaId() : thread.name();
    return new Finding(
        ruleId,
        kind,
        confidence,
        thread.nativeThreadId(),
        name,
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
