package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.StackSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CpuSpinTest {
  private final CpuSpin rule = new CpuSpin();

  @Test
  void aNativeSpinnerIsFoundOnCpuAloneWithMediumConfidence() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.NATIVE_SPINNER));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).tid()).isEqualTo(18188);
    assertThat(findings.get(0).threadName()).isEqualTo("spinner");
    assertThat(findings.get(0).confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(findings.get(0).keyFrames()).isEmpty();
  }

  @Test
  void aPythonLoopInTheSameFrameInEverySampleIsNamedByFileAndLine() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.PYTHON_SPIN));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.tid()).isEqualTo(19615);
    assertThat(finding.threadName()).isEqualTo("spinner");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    PythonFrame key = finding.keyFrames().get(0);
    assertThat(key.file()).endsWith("/spin.py");
    assertThat(key.line()).isEqualTo(6);
    assertThat(key.qualifiedName()).isEqualTo("wait_for_flag");
    assertThat(finding.fix()).contains("/tmp/fx/app/spin.py:6");
  }

  @Test
  void aThreadSeenElsewhereBetweenTheSamplesIsProgressing() {
    Inspection spin = Fixtures.load(Fixtures.PYTHON_SPIN);
    List<PythonFrame> stack = spinnerStack(spin);
    PythonFrame caller = stack.get(stack.size() - 1);
    List<PythonFrame> elsewhere =
        List.of(
            new PythonFrame(
                "score", "score", caller.file(), caller.line() + 5, PythonFrame.Owner.THREAD),
            caller);

    assertThat(rule.evaluate(withStackSamples(spin, 19615, List.of(stack, elsewhere, stack))))
        .isEmpty();
  }

  @Test
  void aThreadOnTheSameStackBetweenTheSamplesTooIsStillASpin() {
    Inspection spin = Fixtures.load(Fixtures.PYTHON_SPIN);
    List<PythonFrame> stack = spinnerStack(spin);

    List<Finding> findings =
        rule.evaluate(withStackSamples(spin, 19615, List.of(stack, stack, stack)));

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.tid()).isEqualTo(19615));
    assertThat(findings.get(0).evidence())
        .anySatisfy(line -> assertThat(line).contains("in all 6 stack reads"));
  }

  @Test
  void aTightLoopIsNamedByItsHeaderWhicheverLineTheLastReadCaught() {
    // `while not config.loaded: pass` on CPython 3.12: the reads fall on the header and on the
    // jump back, attributed to the `pass` line below it; CI once caught the last read there.
    Inspection spin = Fixtures.load(Fixtures.PYTHON_SPIN);
    List<PythonFrame> stack = spinnerStack(spin);
    PythonFrame loop = stack.get(0);
    List<PythonFrame> onTheBody = new ArrayList<>(stack);
    onTheBody.set(
        0,
        new PythonFrame(
            loop.function(), loop.qualifiedName(), loop.file(), loop.line() + 1, loop.owner()));

    List<Finding> findings =
        rule.evaluate(withStackSamples(spin, 19615, List.of(onTheBody, stack, onTheBody)));

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.tid()).isEqualTo(19615));
    assertThat(findings.get(0).keyFrames().get(0).line()).isEqualTo(6);
    assertThat(findings.get(0).fix()).contains("spin.py:6");
  }

  private static List<PythonFrame> spinnerStack(Inspection inspection) {
    return inspection.latest().python().threads().stream()
        .filter(t -> t.nativeThreadId() == 19615)
        .findFirst()
        .orElseThrow()
        .frames();
  }

  private static Inspection withStackSamples(
      Inspection inspection, int tid, List<List<PythonFrame>> reads) {
    List<StackSample> between = new ArrayList<>();
    for (List<PythonFrame> frames : reads) {
      between.add(new StackSample(0, List.of(new StackSample.ThreadStack(tid, frames))));
    }
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        inspection.samples(),
        inspection.window(),
        inspection.tree(),
        inspection.partial(),
        between);
  }

  @Test
  void aBusyWorkerWhoseInnermostFrameMovesIsNotASpin() {
    Inspection spin = Fixtures.load(Fixtures.PYTHON_SPIN);
    Inspection progressing = withInnermostFrameMoved(spin, 19615);

    assertThat(rule.evaluate(progressing)).isEmpty();
  }

  @Test
  void aWorkerWhoseCallerMovesOnToAnotherLineIsProgressing() {
    Inspection spin = Fixtures.load(Fixtures.PYTHON_SPIN);
    Inspection progressing =
        withMiddleStack(
            spin,
            19615,
            frames -> {
              PythonFrame caller = frames.get(1);
              frames.set(
                  1,
                  new PythonFrame(
                      caller.function(),
                      caller.qualifiedName(),
                      caller.file(),
                      caller.line() + 3,
                      caller.owner()));
            });

    assertThat(rule.evaluate(progressing)).isEmpty();
  }

  @Test
  void aPythonThreadCaughtWithAnEmptyStackOnceIsJudgedOnTheOtherSamples() {
    Inspection spin = Fixtures.load(Fixtures.PYTHON_SPIN);

    List<Finding> findings = rule.evaluate(withMiddleStack(spin, 19615, List::clear));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).confidence()).isEqualTo(Confidence.HIGH);
    assertThat(findings.get(0).keyFrames().get(0).line()).isEqualTo(6);
  }

  @Test
  void aSpinnerStarvedOnALoadedMachineIsStillASpin() {
    Inspection starved = withSpinnerCpu(Fixtures.load(Fixtures.PYTHON_SPIN), 19615, 34, 64);

    List<Finding> findings = rule.evaluate(starved);

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.tid()).isEqualTo(19615));
    assertThat(findings.get(0).confidence()).isEqualTo(Confidence.HIGH);
    assertThat(findings.get(0).evidence().get(0))
        .startsWith("CPU 34 % and 64 % waiting for a CPU: runnable 98 % of the window");
  }

  @Test
  void aThreadThatGotTooLittleCpuToShowProgressIsNotJudgedOnItsStacks() {
    // A healthy order scorer at 6 % CPU beside a hog at load 17 was caught in Fraction.__new__ in
    // all three reads: 66 ms of running cannot tell a loop from work.
    Inspection barelyRan = withSpinnerCpu(Fixtures.load(Fixtures.PYTHON_SPIN), 19615, 6, 94);
    Inspection ranEnough = withSpinnerCpu(Fixtures.load(Fixtures.PYTHON_SPIN), 19615, 15, 85);

    assertThat(rule.evaluate(barelyRan)).isEmpty();
    assertThat(rule.evaluate(ranEnough)).singleElement();
  }

  @Test
  void aThreadThatSleptHalfTheWindowIsNotASpinWhateverItsStack() {
    Inspection halfAsleep = withSpinnerCpu(Fixtures.load(Fixtures.PYTHON_SPIN), 19615, 45, 5);

    assertThat(rule.evaluate(halfAsleep)).isEmpty();
    assertThat(rule.ruledOut(halfAsleep))
        .startsWith("no thread wanted a CPU for most of the window (busiest runnable 50 %");
  }

  /** The recording with thread {@code tid}'s CPU and run-queue wait over the window replaced. */
  private static Inspection withSpinnerCpu(
      Inspection inspection, int tid, double cpuPercent, double waitPercent) {
    return Edits.activity(
        inspection,
        tid,
        t -> Edits.withCpu(t, cpuPercent, t.voluntaryContextSwitchesDelta(), waitPercent));
  }

  @Test
  void aBusyOrderScorerIsNotASpin() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.BUSY_WORKER))).isEmpty();
  }

  @Test
  void aStackThatChangedUnderTheReaderIsNoEvidenceOfASpin() {
    // A read that tore (the reader saw a frame its caller did not call) and kept only main and
    // <module>, whose variables never change: judged with the other reads, the scorer would look
    // like main retrying one call with the same variables. The rule leaves such a read out.
    Inspection scorer =
        withSpinnerCpu(withLocals(Fixtures.load(Fixtures.BUSY_WORKER), 8331), 8331, 95, 3);
    Inspection torn =
        Edits.pythonThread(
            scorer,
            8331,
            List.of(1),
            thread -> {
              List<PythonFrame> outer =
                  thread.frames().subList(thread.frames().size() - 2, thread.frames().size());
              List<PythonFrame> frames = new ArrayList<>();
              frames.add(
                  new PythonFrame(
                      "fmean",
                      "fmean",
                      "/usr/lib/python3.14/statistics.py",
                      1,
                      PythonFrame.Owner.THREAD));
              frames.addAll(outer);
              return Edits.torn(thread, frames, "frame 1 is fmean, a frame C did not call");
            });

    assertThat(rule.evaluate(scorer)).isEmpty();
    assertThat(rule.evaluate(torn)).isEmpty();
  }

  @Test
  void aReadThatToreUnnoticedIsOutvotedByTheOtherReads() {
    // busy order scorer on CPython 3.12.1 in a loaded suite run: one of ten reads walked from a
    // frame that had just been replaced into main, without score_orders, and passed every check of
    // the reader; with it, only main and <module> ran all window, and main's variables never change
    Inspection scorer =
        withSpinnerCpu(withLocals(Fixtures.load(Fixtures.BUSY_WORKER), 8331), 8331, 95, 3);
    List<List<PythonFrame>> between = new ArrayList<>();
    for (ProcessSnapshot sample : scorer.samples()) {
      between.add(sample.python().threads().get(0).frames());
    }
    List<PythonFrame> frames = between.get(0);
    List<PythonFrame> torn = new ArrayList<>();
    torn.add(
        new PythonFrame(
            "make_order", "make_order", frames.get(0).file(), 14, PythonFrame.Owner.THREAD));
    torn.addAll(frames.subList(frames.size() - 2, frames.size()));
    between.add(torn);

    assertThat(rule.evaluate(withStackSamples(scorer, 8331, between))).isEmpty();
  }

  /**
   * The recording with locals on thread {@code tid}'s frames as a running scorer shows them: the
   * loop's frames bind a new value in every read, main and module keep theirs.
   */
  private static Inspection withLocals(Inspection inspection, int tid) {
    Inspection edited = inspection;
    for (int index = 0; index < inspection.samples().size(); index++) {
      long read = index + 1;
      edited =
          Edits.pythonThread(
              edited,
              tid,
              List.of(index),
              thread -> {
                List<PythonFrame> frames = new ArrayList<>();
                for (PythonFrame frame : thread.frames()) {
                  boolean outer =
                      frame.qualifiedName().equals("main")
                          || frame.qualifiedName().equals("<module>");
                  frames.add(frame.withLocals(List.of(0x1000L, outer ? 0x2000L : 0x3000L + read)));
                }
                return Edits.withFrames(thread, frames);
              });
    }
    return edited;
  }

  @Test
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }

  /** The recorded spin, but with the middle sample's innermost frame in another function. */
  private static Inspection withInnermostFrameMoved(Inspection inspection, int tid) {
    return withMiddleStack(
        inspection,
        tid,
        frames -> {
          PythonFrame top = frames.get(0);
          frames.set(
              0,
              new PythonFrame("parse_row", "parse_row", top.file(), 42, PythonFrame.Owner.THREAD));
        });
  }

  /**
   * The recording, with thread {@code tid}'s stack in the middle sample changed by {@code edit}.
   */
  private static Inspection withMiddleStack(
      Inspection inspection, int tid, Consumer<List<PythonFrame>> edit) {
    return Edits.pythonThread(
        inspection,
        tid,
        List.of(1),
        thread -> {
          List<PythonFrame> frames = new ArrayList<>(thread.frames());
          edit.accept(frames);
          return Edits.withFrames(thread, frames);
        });
  }

  @Test
  void aPollingLoopWhoseVariablesNeverChangeLeadsBeforeTheReaderItWaitsFor() {
    // busy-wait-for-property on CPython 3.12.1: MainThread scans an empty frame list at full CPU
    // while "ncp-reader" waits in recv() for a radio that never answers
    Inspection inspection = Fixtures.load("corpus-busy-wait-for-property");

    assertThat(rule.evaluate(inspection))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.tid()).isEqualTo(3798);
              assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
              assertThat(f.keyFrames().get(0).qualifiedName()).isEqualTo("NcpClient.wait_for_prop");
              assertThat(f.evidence())
                  .anySatisfy(l -> assertThat(l).contains("kept the same value"));
            });
    Finding lead = KnownSignatures.engine().diagnose(inspection).findings().get(0);
    assertThat(lead.ruleId()).isEqualTo(CpuSpin.ID);
  }

  @Test
  void aRetryLoopCallingTheSameCodeWithTheSameVariablesIsASpinThoughItsStackChanges() {
    // retry-without-backoff-bad-input on CPython 3.12.1: the retry wrapper calls the failing
    // register_replica again and again, never counting its tries down
    Inspection inspection = Fixtures.load("corpus-retry-without-backoff-bad-input");

    assertThat(rule.evaluate(inspection))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.tid()).isEqualTo(4063);
              assertThat(f.threadName()).isEqualTo("replica-sync");
              assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM);
              assertThat(f.keyFrames())
                  .extracting(PythonFrame::qualifiedName)
                  .contains("retry.<locals>.decorate.<locals>.wrapper", "sync_dataset");
              assertThat(f.explanation()).contains("retrying a call");
            });
  }

  @Test
  void aLongComputationThatBindsNewValuesIsNoSpinThoughItsStackNeverChanges() {
    // password-audit-long-computation on CPython 3.12.1: audit() sits on the same line, inside
    // hashlib's C code, in every read; its candidate and account variables move on
    Inspection inspection = Fixtures.load("corpus-password-audit-long-computation");

    assertThat(rule.evaluate(inspection)).isEmpty();
    assertThat(KnownSignatures.engine().diagnose(inspection).hangFound()).isFalse();
  }
}
