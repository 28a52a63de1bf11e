package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
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
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }
}
