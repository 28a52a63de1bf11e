package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExitJoinsThreadsTest {
  private final ExitJoinsThreads rule = new ExitJoinsThreads();

  @Test
  void aNonDaemonThreadInRecvKeepsExitWaitingAndTheDaemonCollectorDoesNot() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.EXIT_THREAD_RECV));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.tid()).isEqualTo(15712);
    assertThat(finding.threadName()).isEqualTo("report-uploader");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.kind()).isEqualTo("interpreter exit waits for a non-daemon thread");
    PythonFrame user = finding.keyFrames().get(0);
    assertThat(user.file()).isEqualTo("/tmp/fx/app/report_uploader.py");
    assertThat(user.line()).isEqualTo(22);
    assertThat(user.qualifiedName()).isEqualTo("send_report");
    assertThat(finding.evidence())
        .anySatisfy(
            line -> assertThat(line).contains("threading._shutdown").contains("(tid 15703)"))
        .anySatisfy(line -> assertThat(line).contains("recvfrom").contains("ESTABLISHED"));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/report_uploader.py:22")
        .contains("settimeout")
        .contains("daemon=True")
        .contains("faulthandler.dump_traceback_later");
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.EXIT_POOL_WORKER, Fixtures.EXIT_POOL_WORKER_313})
  void aPoolWorkerInQueueGetKeepsTheExitHookWaiting(String recording) {
    Inspection inspection = Fixtures.load(recording);

    List<Finding> findings = rule.evaluate(inspection);

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.threadName()).isEqualTo("row-consumer_0");
    assertThat(finding.tid()).isNotEqualTo(inspection.pid());
    assertThat(finding.kind()).isEqualTo("interpreter exit waits for a thread-pool worker");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.keyFrames().get(0).file()).isEqualTo("/tmp/fx/app/pool_consumer.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(19);
    assertThat(finding.keyFrames().get(1).qualifiedName()).isEqualTo("Condition.wait");
    assertThat(finding.evidence()).anySatisfy(line -> assertThat(line).contains("_python_exit ("));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/pool_consumer.py:19")
        .contains("q.get(timeout=5)")
        .contains("shutdown(wait=False, cancel_futures=True)");
  }

  @Test
  void withoutTheDaemonFlagTheFindingIsOnlyMedium() {
    Inspection inspection =
        Edits.pythonThread(
            Fixtures.load(Fixtures.EXIT_THREAD_RECV), 15712, thread -> thread.withDaemon(null));

    List<Finding> findings = rule.evaluate(inspection);

    assertThat(findings)
        .filteredOn(f -> f.tid() == 15712)
        .singleElement()
        .satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM));
  }

  @Test
  void aMainThreadWithNoPythonFrameLeftIsRecognisedFromItsUntimedFutexWait() {
    Inspection inspection =
        Edits.pythonThread(
            Fixtures.load(Fixtures.EXIT_THREAD_RECV),
            15703,
            thread -> Edits.withFrames(thread, List.of()));

    List<Finding> findings = rule.evaluate(inspection);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.tid()).isEqualTo(15712);
              assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM);
            });
  }

  @Test
  void aMainThreadThatLeftShutdownInOneSampleIsNotThisSignature() {
    Inspection recorded = Fixtures.load(Fixtures.EXIT_THREAD_RECV);
    PythonFrame running =
        new PythonFrame(
            "main", "main", "/tmp/fx/app/report_uploader.py", 38, PythonFrame.Owner.THREAD);
    Inspection inspection =
        Edits.pythonThread(
            recorded, 15703, List.of(1), thread -> Edits.withFrames(thread, List.of(running)));

    assertThat(rule.evaluate(inspection)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Fixtures.BLOCKING_RECV,
        Fixtures.NATIVE_SPINNER,
        Fixtures.PYTHON_SPIN,
        Fixtures.SOCKETS,
        Fixtures.FD_LEAK,
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.FIXTURE_TEARDOWN,
        Fixtures.FIXTURE_SETUP,
        Fixtures.GIL_PYDLL_SLEEP,
        Fixtures.GIL_REGEX,
        Fixtures.HEALTHY_SLEEPER
      })
  void doesNotFireWhileMainIsNotExiting(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }
}
