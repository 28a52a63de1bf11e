package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch loop on scripted checks and fake time: incidents, recovery, bundles, interrupts. */
class WatcherTest {
  @TempDir Path out;

  private final FakeTime time = new FakeTime();
  private final List<String> events = new ArrayList<>();

  /** A check that fails where the script says {@code f}, taking 300 ms of fake time each. */
  private final class ScriptedCheck implements Check {
    private final String script;
    private int next;
    int investigations;
    boolean interruptInvestigation;

    ScriptedCheck(String script) {
      this.script = script.replace(" ", "");
    }

    @Override
    public CheckResult run() {
      time.advance(Duration.ofMillis(300));
      boolean failing = script.charAt(next++ % script.length()) == 'f';
      return new CheckResult(
          failing, false, failing ? "down" : "up", List.of(), IncidentEvidence.NONE);
    }

    @Override
    public IncidentEvidence investigate(CheckResult failing) throws InterruptedException {
      investigations++;
      if (interruptInvestigation) {
        throw new InterruptedException();
      }
      return new IncidentEvidence(List.of(), List.of("scripted, nothing to diagnose"));
    }

    @Override
    public String reproduction() {
      return "scripted";
    }
  }

  private final WatchListener recorder =
      new WatchListener() {
        @Override
        public void onCheck(TimedCheck check, int failuresInARow, boolean inIncident) {
          events.add(check.number() + (check.result().failing() ? "F" : "o") + failuresInARow);
        }

        @Override
        public void onIncident(Path bundle, IncidentEvidence evidence, List<Path> deleted) {
          events.add("incident " + bundle.getFileName() + " deleted " + deleted.size());
        }

        @Override
        public void onRecovery(Instant at) {
          events.add("recovered");
        }
      };

  private WatchSummary watch(Check check, int failures, int maxBundles, long maxChecks)
      throws IOException {
    return new Watcher(
            check,
            new WatchSettings(Duration.ofSeconds(1), failures, maxBundles, maxChecks),
            new BundleWriter(out),
            recorder,
            time,
            time,
            time)
        .run();
  }

  @Test
  void oneBundlePerIncidentAndANewOneOnlyAfterRecovery() throws IOException {
    ScriptedCheck check = new ScriptedCheck("o f f f f o f o f f f");

    WatchSummary summary = watch(check, 2, 10, 11);

    assertThat(summary.end()).isEqualTo(WatchSummary.End.MAX_CHECKS);
    assertThat(summary.checks()).isEqualTo(11);
    assertThat(summary.incidents()).isEqualTo(2);
    assertThat(check.investigations).isEqualTo(2);
    assertThat(events)
        .containsExactly(
            "1o0",
            "2F1",
            "3F2",
            "incident incident-20261123T100001Z deleted 0",
            "4F3",
            "5F4",
            "recovered",
            "6o0",
            "7F1",
            "8o0",
            "9F1",
            "10F2",
            "incident incident-20261123T100008Z deleted 0",
            "11F3");
    assertThat(bundleNames())
        .containsExactly("incident-20261123T100001Z", "incident-20261123T100008Z");
    Path first = out.resolve("incident-20261123T100001Z");
    assertThat(Files.readString(first.resolve("checks.txt")))
        .contains("check 2 at 2026-11-23T10:00:01.300Z: down")
        .contains("check 3 at 2026-11-23T10:00:02.300Z: down")
        .doesNotContain("check 4");
    assertThat(Files.readString(first.resolve("diagnosis.txt")))
        .contains("Not diagnosed: scripted, nothing to diagnose");
  }

  @Test
  void checksStartOneIntervalApart() throws IOException {
    watch(new ScriptedCheck("o"), 2, 10, 3);

    assertThat(time.sleeps).containsExactly(Duration.ofMillis(700), Duration.ofMillis(700));
  }

  @Test
  void maxBundlesDeletesTheOldest() throws IOException {
    WatchSummary summary = watch(new ScriptedCheck("f f o"), 2, 2, 12);

    assertThat(summary.incidents()).isEqualTo(4);
    assertThat(bundleNames())
        .hasSize(2)
        .containsExactly("incident-20261123T100006Z", "incident-20261123T100009Z");
    assertThat(events)
        .filteredOn(e -> e.startsWith("incident"))
        .endsWith(
            "incident incident-20261123T100006Z deleted 1",
            "incident incident-20261123T100009Z deleted 1");
  }

  @Test
  void anInterruptDuringTheInvestigationLeavesNoBundleAtAll() throws IOException {
    ScriptedCheck check = new ScriptedCheck("f");
    check.interruptInvestigation = true;

    WatchSummary summary = watch(check, 1, 10, 0);

    assertThat(summary.end()).isEqualTo(WatchSummary.End.INTERRUPTED);
    assertThat(Thread.interrupted()).as("the interrupt status is kept").isTrue();
    assertThat(summary.bundles()).isEmpty();
    assertThat(allEntries()).isEmpty();
  }

  @Test
  void anInterruptWhileSleepingEndsTheWatchCleanly() throws IOException {
    Sleeper interrupting =
        duration -> {
          throw new InterruptedException();
        };
    WatchSummary summary =
        new Watcher(
                new ScriptedCheck("f"),
                new WatchSettings(Duration.ofSeconds(1), 1, 10, 0),
                new BundleWriter(out),
                recorder,
                time,
                time,
                interrupting)
            .run();

    assertThat(Thread.interrupted()).isTrue();
    assertThat(summary.end()).isEqualTo(WatchSummary.End.INTERRUPTED);
    assertThat(summary.checks()).isEqualTo(1);
    assertThat(bundleNames()).containsExactly("incident-20261123T100000Z");
  }

  @Test
  void aBundleThatCannotBeWrittenIsCountedAndSaidInWords() throws IOException {
    Path file = Files.writeString(out.resolve("a-file"), "not a directory");
    List<String> failures = new ArrayList<>();
    WatchListener listener =
        new WatchListener() {
          @Override
          public void onIncident(Path bundle, IncidentEvidence evidence, List<Path> deleted) {
            events.add("incident " + bundle);
          }

          @Override
          public void onBundleFailed(String why) {
            failures.add(why);
          }
        };

    WatchSummary summary =
        new Watcher(
                new ScriptedCheck("f f o"),
                new WatchSettings(Duration.ofSeconds(1), 1, 10, 6),
                new BundleWriter(file.resolve("bundles")),
                listener,
                time,
                time,
                time)
            .run();

    assertThat(summary.incidents()).isEqualTo(2);
    assertThat(summary.bundles()).isEmpty();
    assertThat(summary.unwrittenBundles()).isEqualTo(2);
    assertThat(events).isEmpty();
    assertThat(failures)
        .hasSize(2)
        .allMatch(why -> why.equals(file.resolve("bundles") + ": Not a directory"));
    assertThat(failures.get(0)).doesNotContain("Exception");
  }

  @Test
  void leftoversOfAKilledWatchAreRemovedAtStart() throws IOException {
    Path leftover = Files.createDirectories(out.resolve(".incident-20261122T000000Z-incomplete"));
    Files.writeString(leftover.resolve("checks.txt"), "half");

    watch(new ScriptedCheck("o"), 1, 10, 1);

    assertThat(allEntries()).isEmpty();
  }

  private List<String> bundleNames() throws IOException {
    return new BundleWriter(out).bundles().stream().map(p -> p.getFileName().toString()).toList();
  }

  private List<Path> allEntries() throws IOException {
    try (Stream<Path> entries = Files.list(out)) {
      return entries.toList();
    }
  }
}
