package dev.hangdoctor.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopProgressTest {

  private static PythonFrame frame(String function, int line, Long... locals) {
    return new PythonFrame(
            function, function, "/app/audit.py", line, PythonFrame.Owner.THREAD, -1, -1, -1, null)
        .withLocals(List.of(locals));
  }

  @Test
  void aLoopBindingTheNextItemToItsVariableProgresses() {
    List<List<PythonFrame>> reads =
        List.of(
            List.of(frame("audit", 37, 0x1000L, 0x2000L), frame("main", 50, 0x3000L)),
            List.of(frame("audit", 37, 0x1000L, 0x2100L), frame("main", 50, 0x3000L)));

    assertThat(LoopProgress.of(reads)).isEqualTo(LoopProgress.Verdict.MOVED);
  }

  @Test
  void aLoopPollingWithTheSameVariablesIsStill() {
    List<List<PythonFrame>> reads =
        List.of(
            List.of(frame("wait_for_prop", 54, 0x1000L, 0L), frame("main", 50, 0x3000L)),
            List.of(frame("wait_for_prop", 55, 0x1000L, 0L), frame("main", 50, 0x3000L)),
            List.of(frame("wait_for_prop", 56, 0x1000L, 0L), frame("main", 50, 0x3000L)));

    assertThat(LoopProgress.of(reads)).isEqualTo(LoopProgress.Verdict.STILL);
  }

  @Test
  void aVariableBoundOnlyForAMomentIsNoProgress() {
    // an "except ... as exc" binds a new exception in some reads and is unbound in the others
    List<List<PythonFrame>> reads =
        List.of(
            List.of(frame("checksum", 9, 0x5000L), frame("wrapper", 30, 0x1000L, 0x7000L)),
            List.of(frame("wrapper", 33, 0x1000L, 0L)),
            List.of(frame("wrapper", 33, 0x1000L, 0x7100L)));

    assertThat(LoopProgress.livedThrough(reads)).isEqualTo(1);
    assertThat(LoopProgress.of(reads)).isEqualTo(LoopProgress.Verdict.STILL);
  }

  @Test
  void framesThatCameAndWentAreNotCompared() {
    List<List<PythonFrame>> reads =
        List.of(
            List.of(frame("checksum", 9, 0x5000L), frame("wrapper", 30, 0x1000L)),
            List.of(frame("register", 12, 0x6000L), frame("wrapper", 30, 0x1000L)));

    assertThat(LoopProgress.of(reads)).isEqualTo(LoopProgress.Verdict.STILL);
  }

  @Test
  void stacksReadWithoutLocalsTellNothing() {
    PythonFrame bare =
        new PythonFrame("audit", "audit", "/app/audit.py", 37, PythonFrame.Owner.THREAD);

    assertThat(LoopProgress.of(List.of(List.of(bare), List.of(bare))))
        .isEqualTo(LoopProgress.Verdict.UNKNOWN);
    assertThat(LoopProgress.of(List.of(List.of(frame("audit", 37, 0x1000L)))))
        .isEqualTo(LoopProgress.Verdict.UNKNOWN);
  }

  @Test
  void readsThatDisagreeWithThreeInFourAreLeftOut() {
    List<PythonFrame> scoring =
        List.of(frame("parse", 20), frame("score_orders", 44), frame("main", 54));
    List<PythonFrame> torn = List.of(frame("make_order", 14), frame("main", 54));
    List<PythonFrame> fingerprint =
        List.of(frame("fingerprint", 33), frame("score_orders", 46), frame("main", 54));

    assertThat(LoopProgress.agreeing(List.of(scoring, scoring, torn, scoring)))
        .containsExactly(scoring, scoring, scoring);
    assertThat(LoopProgress.agreeing(List.of(scoring, fingerprint, torn, scoring, fingerprint)))
        .as("score_orders in four of five reads; below it no function in four")
        .containsExactly(scoring, fingerprint, scoring, fingerprint);
    List<PythonFrame> inLoop = List.of(frame("score_orders", 45), frame("main", 54));
    assertThat(LoopProgress.agreeing(List.of(scoring, scoring, inLoop, scoring)))
        .as("a read caught in score_orders itself: parse did not live through the window")
        .hasSize(4);
    assertThat(LoopProgress.agreeing(List.of(scoring, torn, scoring)))
        .as("with three reads every read counts")
        .hasSize(3);
    assertThat(LoopProgress.agreeing(List.of(scoring, torn, torn, scoring)))
        .as("two against two: no agreement to leave anything out")
        .hasSize(4);
  }

  @Test
  void readsOfALoopThatCallsAnotherFunctionStayWhateverTheMajority() {
    // a starved order scorer on CPython 3.13 beside a CPU hog: 9 of 11 reads fell inside one
    // order's risk_score; the two in parse, on another line of score_orders, show it moved on
    List<PythonFrame> risk =
        List.of(frame("risk_score", 28), frame("score_orders", 45), frame("main", 54));
    List<PythonFrame> parse =
        List.of(frame("parse", 20), frame("score_orders", 44), frame("main", 54));

    assertThat(LoopProgress.agreeing(List.of(risk, risk, risk, parse, risk, risk, risk, risk)))
        .hasSize(8);
  }
}
