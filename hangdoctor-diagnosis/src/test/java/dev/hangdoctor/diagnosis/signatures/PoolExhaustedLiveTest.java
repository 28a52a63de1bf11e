package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.KernelOracle;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A ThreadPoolExecutor whose every worker reads from a silent backend, on every CPython. */
class PoolExhaustedLiveTest {
  private static final String RULE = "pool-exhausted";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void everyWorkerOfAnExecutorBlockedInRecvIsAnExhaustedPool(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of(RULE + "/rates_client.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      // READY says the backend got every request; the kernel says when each worker reads (the
      // backend itself waits in accept, the main thread on a future: only workers recvfrom).
      KernelOracle.awaitSettled(
          "3 workers of " + target.pid() + " sleeping in recvfrom",
          Duration.ofSeconds(60),
          () -> threadsIn(target.pid(), "recvfrom") == 3);
      Verdicts.everyWindow(
          RULE + " of the rates_N executor",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isNotEmpty();
            Finding finding = diagnosis.findings().get(0);
            assertThat(finding.ruleId()).as("the leading finding: %s", finding).isEqualTo(RULE);
            assertThat(finding.threadName()).matches("rates_\\d");
            assertThat(finding.keyFrames().get(0).file()).endsWith("/rates_client.py");
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(script.lineOf("# hangs here"));
            assertThat(finding.evidence().get(0))
                .startsWith(
                    "the pool is exhausted: 3 of 3 workers of the ThreadPoolExecutor whose"
                        + " threads are named rates_N");
            assertThat(finding.fix()).contains("settimeout");
          });
    }
  }

  private static long threadsIn(long pid, String syscall) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return tasks
          .map(task -> Long.parseLong(task.getFileName().toString()))
          .filter(tid -> KernelOracle.task(pid, tid).map(s -> s.sleepsIn(syscall)).orElse(false))
          .count();
    } catch (IOException e) {
      return 0;
    }
  }

  static Stream<PythonInterpreter> cpythons() {
    return Verdicts.supportedCpythons();
  }
}
