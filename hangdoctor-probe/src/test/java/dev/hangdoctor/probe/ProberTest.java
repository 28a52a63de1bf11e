package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.rules.OwnConnections;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Probes run side by side under a bound, reported as each finishes, all within one deadline. */
class ProberTest {
  private static final ProbeSettings PATIENT =
      new ProbeSettings(
          Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(60), false, 1 << 20);
  private static final ProcessDiagnoser NEVER =
      (pid, own) -> {
        throw new AssertionError("nothing to diagnose");
      };

  private static Prober prober(ProbeSettings settings, ProbeSchedule schedule) {
    return prober(settings, schedule, NEVER);
  }

  private static Prober prober(
      ProbeSettings settings, ProbeSchedule schedule, ProcessDiagnoser diagnoser) {
    return new Prober(
        new HttpProbe(settings),
        new ServerFinder(ProcFs.system()),
        diagnoser,
        schedule,
        Ticker.SYSTEM);
  }

  private static void answer(java.net.Socket client) throws IOException {
    TestServer.send(client, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  }

  @Test
  void eachResultIsHandedOnAsItsProbeFinishesNotInTheOrderGiven() throws Exception {
    CountDownLatch slowMayAnswer = new CountDownLatch(1);
    try (TestServer server =
        TestServer.start(
            client -> {
              String request = TestServer.readRequest(client);
              if (request.startsWith("GET /slow ")) {
                slowMayAnswer.await(60, TimeUnit.SECONDS);
              }
              answer(client);
            })) {
      URI slow = server.url("/slow");
      URI fast = server.url("/fast");
      List<String> handedOn = new ArrayList<>();

      List<ProbeResult> results =
          prober(PATIENT, ProbeSchedule.DEFAULT)
              .probeAll(
                  List.of(slow, fast),
                  result -> {
                    handedOn.add(
                        result.url().getPath() + (slowMayAnswer.getCount() > 0 ? " first" : ""));
                    slowMayAnswer.countDown(); // the slow one answers only after this
                  });

      assertThat(handedOn).containsExactly("/fast first", "/slow");
      assertThat(results).extracting(ProbeResult::url).containsExactly(slow, fast);
      assertThat(results).allMatch(ProbeResult::ok);
    }
  }

  @Test
  void atMostParallelProbesAreInFlightAtOnce() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch twoArrived = new CountDownLatch(1);
    try (TestServer server =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              int now = inFlight.incrementAndGet();
              most.accumulateAndGet(now, Math::max);
              if (now >= 2) {
                twoArrived.countDown();
              }
              twoArrived.await(60, TimeUnit.SECONDS);
              inFlight.decrementAndGet();
              answer(client);
            })) {
      List<URI> urls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        urls.add(server.url("/item/" + i));
      }

      List<ProbeResult> results =
          prober(PATIENT, new ProbeSchedule(2, Duration.ofSeconds(120))).probeAll(urls);

      assertThat(results).hasSize(8).allMatch(ProbeResult::ok);
      assertThat(most.get()).isEqualTo(2);
    }
  }

  @Test
  void theOverallDeadlineCutsOffTheProbeInFlightAndSkipsTheRest() throws Exception {
    try (TestServer silent =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              TestServer.holdOpen(client);
            })) {
      List<ProbeResult> handedOn = Collections.synchronizedList(new ArrayList<>());

      List<ProbeResult> results =
          prober(PATIENT, new ProbeSchedule(1, Duration.ofSeconds(1)))
              .probeAll(List.of(silent.url("/a"), silent.url("/b")), handedOn::add);

      assertThat(handedOn).hasSize(2);
      ProbeResult cut = results.get(0);
      assertThat(cut.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
      assertThat(cut.failedIn()).contains(Phase.FIRST_BYTE);
      assertThat(cut.detail()).isEqualTo("cut off by the overall deadline, first byte not done");
      ProbeResult skipped = results.get(1);
      assertThat(skipped.outcome()).isEqualTo(ProbeOutcome.SKIPPED);
      assertThat(ProbeLines.line(skipped))
          .isEqualTo(
              "skipped           "
                  + silent.url("/b")
                  + "  (not probed: the overall deadline passed before its turn)");
    }
  }

  @Test
  void theDiagnosisIsToldWhichConnectionsWereTheProbesOwn() throws Exception {
    AtomicReference<OwnConnections> told = new AtomicReference<>();
    ProcessDiagnoser recording =
        (pid, own) -> {
          told.set(own);
          throw new ProcReadException(
              "/proc/" + pid + "/stat", EvidenceGap.Reason.TARGET_EXITED, null);
        };
    ProbeSettings oneSecond =
        new ProbeSettings(
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), false, 1 << 20);
    try (TestServer silent =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              TestServer.holdOpen(client);
            })) {
      Prober prober = prober(oneSecond, ProbeSchedule.DEFAULT, recording);
      List<ProbeResult> results = prober.probeAll(List.of(silent.url("/")));
      InetSocketAddress clientEnd = results.get(0).localAddress().orElseThrow();

      prober.diagnose(results, OptionalInt.of(4242));

      SocketEntry serverSide =
          new SocketEntry(
              7,
              1,
              SocketProtocol.TCP,
              SocketState.CLOSE_WAIT,
              new Endpoint("127.0.0.1", silent.port()),
              new Endpoint(clientEnd.getAddress().getHostAddress(), clientEnd.getPort()),
              1L,
              0L,
              null,
              null);
      assertThat(told.get().isPeerOf(serverSide)).isTrue();
      SocketEntry someoneElse =
          new SocketEntry(
              8,
              2,
              SocketProtocol.TCP,
              SocketState.CLOSE_WAIT,
              new Endpoint("127.0.0.1", silent.port()),
              new Endpoint("127.0.0.1", clientEnd.getPort() == 65535 ? 1 : clientEnd.getPort() + 1),
              1L,
              0L,
              null,
              null);
      assertThat(told.get().isPeerOf(someoneElse)).isFalse();
    }
  }
}
