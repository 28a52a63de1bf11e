package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real threaded server whose handlers hang on a silent backend: every probe that times out closes
 * its end, leaving the server's end in CLOSE_WAIT. Those sockets are the probe's doing, so the
 * diagnosis must not call them the server's leak, while still finding the server's hang.
 */
class OwnConnectionsLiveTest {
  private static final ProbeSettings ONE_SECOND =
      new ProbeSettings(
          Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), false, 1 << 20);
  private static final String CLOSE_WAIT_LEAK = "close-wait-leak";

  private static PythonInterpreter python() {
    return Interpreters.cpythons().stream()
        .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no CPython 3.11+ found"));
  }

  @Test
  void theProbesOwnAbortedConnectionsAreNotTheServersCloseWaitLeak() throws Exception {
    Path fixture = LiveProcessDiagnoser.fixture("flaky_service.py");
    try (Target service =
        Target.start(TargetSpec.command(List.of(python().path().toString(), fixture.toString())))) {
      int port = service.readyInt("port");
      List<URI> urls = Collections.nCopies(15, URI.create("http://127.0.0.1:" + port + "/quote"));
      // Four at a time: the server's listen backlog is socketserver's default of 5.
      Prober prober =
          new Prober(
              new HttpProbe(ONE_SECOND),
              new ServerFinder(ProcFs.system()),
              LiveProcessDiagnoser.create(),
              new ProbeSchedule(4, Duration.ofSeconds(120)),
              Ticker.SYSTEM);

      ProbeReport report = prober.run(urls, OptionalInt.empty());

      assertThat(report.results().stream().filter(r -> r.outcome() == ProbeOutcome.TIMEOUT))
          .as("the backend answers three requests, then none")
          .hasSizeGreaterThanOrEqualTo(10);
      assertThat(report.evidence().diagnoses()).hasSize(1);
      Diagnosis diagnosis = report.evidence().diagnoses().get(0).diagnosis();
      assertThat(diagnosis.pid()).isEqualTo((int) service.pid());
      Inspection inspection = diagnosis.inspection();

      Set<Endpoint> probeEnds =
          Prober.clientEnds(report.results()).stream()
              .map(OwnConnectionsLiveTest::endpoint)
              .collect(Collectors.toSet());
      List<SocketEntry> closeWait =
          inspection.latest().sockets().stream()
              .filter(s -> s.state() == SocketState.CLOSE_WAIT)
              .collect(Collectors.toList());
      assertThat(closeWait)
          .as("the server holds one CLOSE_WAIT socket per aborted probe")
          .hasSizeGreaterThanOrEqualTo(10)
          .allSatisfy(s -> assertThat(probeEnds).contains(s.remote()));
      assertThat(ruleIds(KnownSignatures.engine().diagnose(inspection)))
          .as("counted as the server's own, they look like a leak")
          .contains(CLOSE_WAIT_LEAK);

      assertThat(ruleIds(diagnosis)).doesNotContain(CLOSE_WAIT_LEAK);
      assertThat(diagnosis.hangFound()).as("the server's real hang is still found").isTrue();
      assertThat(IncidentText.of(report.evidence())).doesNotContain("sockets left in CLOSE_WAIT");
    }
  }

  private static Endpoint endpoint(InetSocketAddress address) {
    return new Endpoint(address.getAddress().getHostAddress(), address.getPort());
  }

  private static List<String> ruleIds(Diagnosis diagnosis) {
    return diagnosis.flatten().stream()
        .flatMap(d -> d.findings().stream())
        .map(Finding::ruleId)
        .collect(Collectors.toList());
  }
}
