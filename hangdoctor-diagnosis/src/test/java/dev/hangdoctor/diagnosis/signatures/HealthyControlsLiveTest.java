package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Servers and workers that are fine must get no hang verdict, in any window. */
class HealthyControlsLiveTest {

  @Test
  void anIdleUvicornServerThatAnswersIsHealthy() {
    FixtureScript script = FixtureScript.of("healthy/idle_api.py");
    try (Target target = Target.start(script.runBy(Verdicts.fastapiPython().path()))) {
      try (HttpClientStub client = HttpClientStub.get(target.readyInt("port"), "/health")) {
        assertThat(client.readUntil("\"status\":\"ok\"")).startsWith("HTTP/1.1 200");
      }

      List<Diagnosis> windows =
          Verdicts.everyWindow(
              "no hang in an idle uvicorn server",
              target.pid(),
              diagnosis ->
                  assertThat(diagnosis.hangFound()).as("%s", diagnosis.findings()).isFalse());
      // A sample may catch the loop thread just woken (state R, 0 % CPU) on a loaded machine; the
      // reason names the idle loop in the windows that see it in its selector.
      assertThat(windows.stream().flatMap(d -> d.healthyReasons().stream()))
          .anySatisfy(reason -> assertThat(reason).contains("idle in epoll_wait"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void anIdleAsyncioServerIsHealthy(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of("healthy/idle_echo_server.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      try (HttpClientStub client = HttpClientStub.get(target.readyInt("port"), "ping")) {
        client.readUntil("GET ping");
      }

      Verdicts.everyWindow(
          "no hang in an idle asyncio server",
          target.pid(),
          diagnosis -> assertThat(diagnosis.hangFound()).as("%s", diagnosis.findings()).isFalse());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void aBusyWorkerThatProgressesIsNotASpin(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of("healthy/order_scorer.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      Verdicts.everyWindow(
          "no spin in a busy worker that progresses",
          target.pid(),
          diagnosis -> {
            int tid = target.readyInt("tid");
            assertThat(diagnosis.hangFound())
                .as(
                    "%s%nthe worker's stack reads:%n%s",
                    diagnosis.findings(), reads(diagnosis, tid))
                .isFalse();
            assertThat(diagnosis.inspection().window().threads())
                .anySatisfy(t -> assertThat(t.tid()).isEqualTo(tid));
          });
    }
  }

  /**
   * Thread {@code tid}'s stack reads, those of the samples ("sample", with a problem when the read
   * had one) and those between them, outermost frame first, one line each with a hash of its local
   * variables: what a rare false alarm on a busy thread rests on, in the failure message.
   */
  private static String reads(Diagnosis diagnosis, int tid) {
    Stream<String> samples =
        diagnosis.inspection().samples().stream()
            .filter(sample -> sample.python() != null)
            .flatMap(sample -> sample.python().threads().stream())
            .filter(thread -> thread.nativeThreadId() == tid)
            .map(
                thread ->
                    "sample "
                        + outermostFirst(thread.frames())
                        + (thread.problem() == null
                            ? ""
                            : "  (problem: " + thread.problem() + ")"));
    Stream<String> between =
        Lookup.stacksBetweenSamples(diagnosis.inspection(), tid).stream()
            .map(stack -> "between " + outermostFirst(stack));
    return Stream.concat(samples, between)
        .map(line -> "  " + line)
        .collect(Collectors.joining(System.lineSeparator()));
  }

  private static String outermostFirst(List<PythonFrame> stack) {
    return IntStream.range(0, stack.size())
        .mapToObj(i -> stack.get(stack.size() - 1 - i))
        .map(f -> f.qualifiedName() + ":" + f.line() + " " + f.locals().hashCode())
        .collect(Collectors.joining(" > "));
  }

  static Stream<PythonInterpreter> cpythons() {
    return Verdicts.supportedCpythons();
  }
}
