package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watching real servers: one bundle per incident, recovery, the bundle cap, a hung pid. */
class WatchLiveTest {
  /**
   * A hung server never answers, so any limit finds it; a healthy one must never look slow on a
   * loaded machine, so the limits are seconds, not the milliseconds it takes.
   */
  private static final ProbeSettings PROBE =
      new ProbeSettings(
          Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3), false, 1 << 20);

  /** How long a watch step (checks of a few seconds each, then a diagnosis) may take. */
  private static final Duration BOUND = Duration.ofSeconds(90);

  @TempDir Path out;

  /** What the watch reported, readable from the test thread. */
  private static final class Events implements WatchListener {
    final List<Path> incidents = new CopyOnWriteArrayList<>();
    final List<List<Path>> deleted = new CopyOnWriteArrayList<>();
    final AtomicInteger recoveries = new AtomicInteger();
    final AtomicInteger failedChecks = new AtomicInteger();
    final AtomicInteger passedChecks = new AtomicInteger();

    @Override
    public void onCheck(TimedCheck check, int failuresInARow, boolean inIncident) {
      (check.result().failing() ? failedChecks : passedChecks).incrementAndGet();
    }

    @Override
    public void onIncident(Path bundle, IncidentEvidence evidence, List<Path> gone) {
      incidents.add(bundle);
      deleted.add(gone);
    }

    @Override
    public void onRecovery(Instant at) {
      recoveries.incrementAndGet();
    }
  }

  private static PythonInterpreter python() {
    return Tool.CPYTHON_3_11_PLUS.require(
        Interpreters.cpythons().stream()
            .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
            .findFirst());
  }

  private Watcher watcher(Check check, int maxBundles, long maxChecks, Events events) {
    return new Watcher(
        check,
        new WatchSettings(Duration.ofMillis(300), 2, maxBundles, maxChecks),
        new BundleWriter(out),
        events,
        Clock.systemUTC(),
        Ticker.SYSTEM,
        Sleeper.SYSTEM);
  }

  @Test
  void aServerThatHangsAfterAFewRequestsGetsOneBundlePerIncident() throws Exception {
    Path fixture = LiveProcessDiagnoser.fixture("flaky_service.py");
    String hangsHere = LiveProcessDiagnoser.markedLine(fixture);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Target service =
        Target.start(TargetSpec.command(List.of(python().path().toString(), fixture.toString())))) {
      URI quote = URI.create("http://127.0.0.1:" + service.readyInt("port") + "/quote");
      Events events = new Events();
      Check check =
          new UrlCheck(LiveProcessDiagnoser.prober(PROBE), List.of(quote), OptionalInt.empty());
      Future<WatchSummary> watching = pool.submit(() -> watcher(check, 1, 0, events).run());

      Await.until("the first incident", BOUND, () -> events.incidents.size() == 1);
      int failedAtIncident = events.failedChecks.get();
      Await.until(
          "three more failed checks",
          BOUND,
          () -> events.failedChecks.get() >= failedAtIncident + 3);
      assertThat(events.incidents).as("still one incident, still one bundle").hasSize(1);
      Path first = events.incidents.get(0);
      assertBundle(first, service.pid(), hangsHere, "blocking-network-read");

      heal(service);
      Await.until("the recovery", BOUND, () -> events.recoveries.get() == 1);
      Await.until(
          "the second incident, once the backend hangs again",
          BOUND,
          () -> events.incidents.size() == 2);
      watching.cancel(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

      Path second = events.incidents.get(1);
      assertThat(second).isNotEqualTo(first);
      assertThat(events.deleted.get(1))
          .as("--max-bundles 1 deleted the first")
          .containsExactly(first);
      assertThat(new BundleWriter(out).bundles()).containsExactly(second);
      assertThat(entries()).as("no half-written bundle").containsExactly(second);
      assertBundle(second, service.pid(), hangsHere, "blocking-network-read");
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void watchingAHungPidWritesABundleAndEndsWhenTheProcessExits() throws Exception {
    PythonInterpreter python =
        Tool.FASTAPI_UVICORN.require(Interpreters.pythonWith("fastapi", "uvicorn"));
    Path fixture = LiveProcessDiagnoser.fixture("stuck_api.py");
    String hangsHere = LiveProcessDiagnoser.markedLine(fixture);
    Events events = new Events();
    int pid;
    try (Target api =
        Target.start(TargetSpec.command(List.of(python.path().toString(), fixture.toString())))) {
      pid = (int) api.pid();
      PidCheck check = new PidCheck(pid, LiveProcessDiagnoser.create());
      Await.until(
          "two failed checks in a row",
          BOUND,
          () -> {
            try {
              WatchSummary summary = watcher(check, 5, 2, events).run();
              return summary.incidents() == 1;
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          });
      assertThat(events.incidents).hasSize(1);
      assertBundle(events.incidents.get(0), pid, hangsHere, "loop-blocked-by-sync-call");
      assertThat(Files.readString(events.incidents.get(0).resolve("checks.txt")))
          .contains(
              "PID " + pid + ": event loop blocked by a synchronous call in thread MainThread");
    }

    WatchSummary afterExit =
        watcher(new PidCheck(pid, LiveProcessDiagnoser.create()), 5, 0, events).run();

    assertThat(afterExit.end()).isEqualTo(WatchSummary.End.TARGET_GONE);
  }

  @Test
  void aHealthyProcessNeverFails() throws Exception {
    Path fixture = LiveProcessDiagnoser.fixture("flaky_service.py");
    try (Target idle =
        Target.start(TargetSpec.command(List.of(python().path().toString(), fixture.toString())))) {
      Events events = new Events();

      WatchSummary summary =
          watcher(new PidCheck((int) idle.pid(), LiveProcessDiagnoser.create()), 5, 2, events)
              .run();

      assertThat(summary.checks()).isEqualTo(2);
      assertThat(events.failedChecks.get()).isZero();
      assertThat(summary.incidents()).isZero();
      assertThat(entries()).isEmpty();
    }
  }

  private static void heal(Target service) throws IOException {
    OutputStream stdin = service.process().getOutputStream();
    stdin.write("heal\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static void assertBundle(Path bundle, long pid, String hangsHere, String ruleId)
      throws IOException {
    assertThat(bundle.getFileName().toString()).startsWith("incident-");
    assertThat(Files.readString(bundle.resolve("diagnosis.txt")))
        .contains("Diagnosis of PID " + pid)
        .contains("hang found")
        .contains(hangsHere);
    assertThat(Files.readString(bundle.resolve("diagnosis-" + pid + ".json")))
        .contains("\"ruleId\" : \"" + ruleId + "\"");
    assertThat(bundle.resolve("tracker-" + pid + ".md")).exists();
    assertThat(Files.readString(bundle.resolve("checks.txt"))).contains("check ");
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> list = Files.list(out)) {
      return list.toList();
    }
  }
}
