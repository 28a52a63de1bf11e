package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.rules.OwnConnections;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseWaitLeakTest {
  private final CloseWaitLeak rule = new CloseWaitLeak();

  @Test
  void fortyCloseWaitSocketsAreALeak() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.SOCKETS));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(Finding.PROCESS_WIDE);
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).startsWith("40 sockets in CLOSE_WAIT"))
        .anySatisfy(line -> assertThat(line).isEqualTo("40 on local 127.0.0.1:54887"))
        .anySatisfy(line -> assertThat(line).startsWith("fds 9, 11, 12"));
  }

  @Test
  void theConnectionsOfHangdoctorsOwnAbortedProbesAreNotTheTargetsLeak() {
    Inspection inspection = Fixtures.load(Fixtures.SOCKETS);
    List<InetSocketAddress> probeEnds =
        inspection.latest().sockets().stream()
            .filter(s -> s.state() == SocketState.CLOSE_WAIT)
            .map(s -> new InetSocketAddress("::ffff:" + s.remote().address(), s.remote().port()))
            .toList();
    assertThat(probeEnds).hasSize(40);

    CloseWaitLeak ignoringAll = new CloseWaitLeak(OwnConnections.of(probeEnds));
    assertThat(ignoringAll.evaluate(inspection)).isEmpty();
    assertThat(ignoringAll.ruledOut(inspection))
        .startsWith(
            "0 sockets in CLOSE_WAIT (fewer than 10, not growing) and 40 more left by"
                + " hangdoctor's own aborted probes, not counted");

    CloseWaitLeak ignoringHalf = new CloseWaitLeak(OwnConnections.of(probeEnds.subList(0, 20)));
    assertThat(ignoringHalf.evaluate(inspection))
        .singleElement()
        .satisfies(
            finding ->
                assertThat(finding.evidence().get(0))
                    .startsWith("20 sockets in CLOSE_WAIT")
                    .endsWith(" and 20 more left by hangdoctor's own aborted probes, not counted"));
  }

  @Test
  void anotherClientOnTheSamePortOfAnotherAddressStillCounts() {
    Inspection inspection = Fixtures.load(Fixtures.SOCKETS);
    List<InetSocketAddress> elsewhere =
        inspection.latest().sockets().stream()
            .filter(s -> s.state() == SocketState.CLOSE_WAIT)
            .map(s -> new InetSocketAddress("10.1.2.3", s.remote().port()))
            .toList();

    assertThat(new CloseWaitLeak(OwnConnections.of(elsewhere)).evaluate(inspection)).hasSize(1);
  }

  @Test
  void aClientsLeakedConnectionsAreGroupedByTheServiceTheyWentTo() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.CLOSE_WAIT_CLIENT));

    assertThat(findings).hasSize(2);
    Finding closeWait = findings.get(0);
    assertThat(closeWait.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(closeWait.evidence())
        .startsWith("166 sockets in CLOSE_WAIT (89 → 166) (3 samples over 1.0 s)")
        .contains("83 to remote 127.0.0.1:35067", "83 to remote 127.0.0.1:40829")
        .noneSatisfy(line -> assertThat(line).contains("on local"));
    assertThat(closeWait.fix()).contains("connects to 127.0.0.1:35067, 127.0.0.1:40829");
    assertThat(findings.get(1).kind()).isEqualTo("descriptor leak (sockets)");
    assertThat(findings.get(1).evidence())
        .contains("open descriptors 96 → 173 across 3 samples over 1.0 s");
  }

  @Test
  void descriptorGrowthNamesTheKindThatGrows() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.FD_LEAK));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.kind()).isEqualTo("descriptor leak (pipes)");
    assertThat(finding.evidence())
        .contains("open descriptors 55 → 133 across 3 samples over 1.2 s")
        .anySatisfy(line -> assertThat(line).startsWith("pipes +"));
  }

  @Test
  void closeWaitSocketsThatComeAndGoAreNoLeak() {
    ObjectNode evidence = Fixtures.json(Fixtures.CLOSE_WAIT_CLIENT);
    // The same counts, but every socket of the first sample is gone by the last: a client that
    // closes its connections, whose pooled ones sit in CLOSE_WAIT for a moment.
    for (JsonNode socket : evidence.path("samples").get(0).path("sockets")) {
      ((ObjectNode) socket).put("inode", socket.path("inode").asLong() + 10_000_000L);
    }

    List<Finding> findings = rule.evaluate(Fixtures.read(evidence));

    assertThat(findings).extracting(Finding::kind).containsExactly("descriptor leak (sockets)");
  }

  @Test
  void namesTheCallSiteSeenOpeningConnectionsAndHowItsLibraryClosesThem() {
    ObjectNode evidence = Fixtures.json(Fixtures.CLOSE_WAIT_CLIENT);
    ObjectNode reads = evidence.putObject("connectionReads");
    reads.put("reads", 212).put("spanMillis", 1500);
    ArrayNode sightings = reads.putArray("sightings");
    for (int i = 0; i < 7; i++) {
      ArrayNode frames = thread(sightings.addObject().put("monotonicNanos", i), 4242);
      frame(frames, "create_connection", "/usr/lib/python3.12/socket.py", null);
      frame(frames, "get", SITE + "requests/api.py", "request");
      frame(frames, "Check.probe", "/srv/uptime/uptime_checker.py", "requests.get");
      frame(frames, "run", "/srv/uptime/uptime_checker.py", "check.probe");
    }
    // A library-only thread in a client call names no user code and is not counted.
    frame(
        thread(sightings.addObject().put("monotonicNanos", 9), 4243),
        "HTTPConnectionPool._get_conn",
        SITE + "urllib3/connectionpool.py",
        null);

    Finding finding = rule.evaluate(Fixtures.read(evidence)).get(0);

    assertThat(finding.kind())
        .isEqualTo("sockets left in CLOSE_WAIT, opened by requests.get in Check.probe");
    assertThat(finding.keyFrames())
        .extracting(PythonFrame::qualifiedName)
        .containsExactly("Check.probe", "get");
    assertThat(finding.evidence())
        .contains(
            "Check.probe (/srv/uptime/uptime_checker.py:10) seen calling requests.get in 7 of 212"
                + " stack reads over 1.5 s right after the window");
    assertThat(finding.fix())
        .startsWith("In Check.probe (/srv/uptime/uptime_checker.py:10), close each response")
        .contains("'with requests.get(..., stream=True) as r:' or r.close()", "requests.Session");
    assertThat(finding.explanation()).contains("CLOSE_WAIT");
  }

  @Test
  void withoutTheCallsOwnNameTheLibraryFunctionIsNamedByItsModule() {
    ObjectNode evidence = Fixtures.json(Fixtures.CLOSE_WAIT_CLIENT);
    ObjectNode reads = evidence.putObject("connectionReads");
    reads.put("reads", 40).put("spanMillis", 2500);
    ArrayNode frames = thread(reads.putArray("sightings").addObject(), 7);
    frame(frames, "urlopen", "/usr/lib/python3.11/urllib/request.py", null);
    // Read a moment after its frames, the caller's instruction had moved on to its next call.
    frame(frames, "Relay.send", "/srv/relay/event_relay.py", "response.read");

    Finding finding = rule.evaluate(Fixtures.read(evidence)).get(0);

    assertThat(finding.kind()).endsWith("opened by urllib.request.urlopen in Relay.send");
    assertThat(finding.fix()).contains("'with urllib.request.urlopen(...) as r:' or r.close()");
  }

  @Test
  void withoutASightingTheFindingStaysProcessWide() {
    ObjectNode evidence = Fixtures.json(Fixtures.CLOSE_WAIT_CLIENT);
    evidence.putObject("connectionReads").put("reads", 300).put("spanMillis", 1500);

    Finding finding = rule.evaluate(Fixtures.read(evidence)).get(0);

    assertThat(finding.kind()).isEqualTo("sockets left in CLOSE_WAIT");
    assertThat(finding.evidence().get(1))
        .isEqualTo(
            "no user code seen in a network client call in 300 stack reads over 1.5 s right"
                + " after the window");
    assertThat(finding.keyFrames()).isEmpty();
    assertThat(finding.tid()).isEqualTo(Finding.PROCESS_WIDE);
  }

  private static final String SITE = "/usr/lib/python3.12/site-packages/";

  private static ArrayNode thread(ObjectNode sample, int tid) {
    ObjectNode thread = sample.putArray("threads").addObject().put("nativeThreadId", tid);
    return thread.putArray("frames");
  }

  private static void frame(ArrayNode frames, String qualifiedName, String file, String call) {
    ObjectNode frame = frames.addObject();
    frame
        .put("function", qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1))
        .put("qualifiedName", qualifiedName)
        .put("file", file)
        .put("line", 10)
        .put("owner", "THREAD")
        .put("endLine", 10)
        .put("column", -1)
        .put("endColumn", -1)
        .put("call", call)
        .put("calledFromNative", false);
  }

  @Test
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }
}
