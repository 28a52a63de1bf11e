package dev.hangdoctor.diagnosis.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.net.ListenerUse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pre-fork server on one port: its supervisor, a stuck worker and a free one. */
class PortAnswersTest {
  private static final int PORT = 8000;

  private static SocketEntry accepted(int clientPort, long unread) {
    return new SocketEntry(
        9,
        7100,
        SocketProtocol.TCP,
        SocketState.ESTABLISHED,
        new Endpoint("127.0.0.1", PORT),
        new Endpoint("127.0.0.1", clientPort),
        unread,
        0L,
        null,
        null);
  }

  private static Diagnosis server() {
    Diagnosis stuck =
        Verdicts.verdict(
            Verdicts.listening(101, 100, PORT, accepted(50001, 0)),
            List.of(
                Verdicts.finding("blocking-network-read", Confidence.HIGH, 101, "MainThread", 7)));
    Diagnosis free = Verdicts.verdict(Verdicts.listening(102, 100, PORT), List.of());
    return Verdicts.verdict(Verdicts.listening(100, 1, PORT), List.of(), stuck, free);
  }

  @Test
  void eachProcessOnThePortIsJudgedByItsOwnEvidence() {
    List<PortAnswers.ProcessAnswer> answers = PortAnswers.of(server(), PORT);

    assertThat(answers)
        .extracting(PortAnswers.ProcessAnswer::pid, PortAnswers.ProcessAnswer::answer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(100, PortAnswers.Answer.SUPERVISOR),
            org.assertj.core.groups.Tuple.tuple(101, PortAnswers.Answer.DOES_NOT_ANSWER),
            org.assertj.core.groups.Tuple.tuple(102, PortAnswers.Answer.ANSWERS));
    assertThat(answers.get(1).detail())
        .contains("[blocking-network-read]")
        .contains("1 accepted connection (from 127.0.0.1:50001)");
  }

  @Test
  void theSectionCountsTheFreeWorkersAndCarriesTheProbe() {
    String text =
        PortReportText.text(server(), PORT, "GET http://127.0.0.1:8000/ answered HTTP 200");

    assertThat(text)
        .contains("PORT 8000: 3 processes hold the listening socket; 1 of 2 workers free to answer")
        .contains("PID 101  does not answer: blocking network read")
        .contains("probe: GET http://127.0.0.1:8000/ answered HTTP 200");
    assertThat(PortHolders.probeHost(server(), PORT)).isEqualTo("127.0.0.1");
  }

  /** Verdicts.listening gives every holder the listening socket inode 7000 on fd 3. */
  private static final long LISTENER = 7000;

  @Test
  void theKernelTellsAWorkerThatWaitsForConnectionsFromASupervisorThatNeverAccepts() {
    Diagnosis idle = Verdicts.verdict(Verdicts.listening(102, 100, PORT), List.of());
    Diagnosis tree = Verdicts.verdict(Verdicts.listening(100, 1, PORT), List.of(), idle);
    PortKernelView kernel =
        new PortKernelView(
            PORT,
            Map.of(LISTENER, 0L),
            Map.of(LISTENER, 0L),
            Map.of(
                100, new ListenerUse(100, Set.of(), true),
                102, new ListenerUse(102, Set.of(LISTENER), true)),
            4096);

    PortAnswers.PortReport report = PortAnswers.report(List.of(tree), kernel, null);

    assertThat(report.processes())
        .extracting(PortAnswers.ProcessAnswer::answer)
        .containsExactly(PortAnswers.Answer.SUPERVISOR, PortAnswers.Answer.ANSWERS);
    assertThat(report.processes().get(1).detail()).contains("its epoll watches the listener");
    assertThat(report.acceptQueue()).contains("empty at the start and the end").contains("4096");
    assertThat(PortAnswers.heldButNeverAccepted(report)).isFalse();
  }

  @Test
  void aProcessThatHoldsTheListenerAndWatchesItNowhereNeverAccepts() {
    Diagnosis reloader = Verdicts.verdict(Verdicts.listening(300, 1, PORT), List.of());
    PortKernelView kernel =
        new PortKernelView(
            PORT,
            Map.of(LISTENER, 2L),
            Map.of(LISTENER, 5L),
            Map.of(300, new ListenerUse(300, Set.of(), true)),
            0);

    PortAnswers.PortReport report = PortAnswers.report(List.of(reloader), kernel, "GET …");

    assertThat(report.processes()).hasSize(1);
    assertThat(report.processes().get(0).answer()).isEqualTo(PortAnswers.Answer.NEVER_ACCEPTS);
    assertThat(report.processes().get(0).line())
        .startsWith("PID 300  never accepts: it holds the listening socket (fd 3)")
        .contains("its parent is gone");
    assertThat(report.acceptQueue()).contains("2 waiting at the start", "5 at the end (growing)");
    assertThat(report.summary())
        .isEqualTo("1 process holds the listening socket; 0 of 1 process free to answer");
    assertThat(PortAnswers.heldButNeverAccepted(report)).isTrue();
    assertThat(PortReportText.text(report))
        .contains("PORT 8000: 1 process holds")
        .contains("probe: GET …");
  }

  @Test
  void unrelatedProcessesOnOnePortAreEachJudged() {
    Diagnosis stale = Verdicts.verdict(Verdicts.listening(400, 1, PORT), List.of());
    Diagnosis current = Verdicts.verdict(Verdicts.listening(500, 1, PORT), List.of());
    PortKernelView kernel =
        new PortKernelView(
            PORT,
            Map.of(),
            Map.of(LISTENER, 0L),
            Map.of(
                400, new ListenerUse(400, Set.of(), true),
                500, new ListenerUse(500, Set.of(LISTENER), true)),
            0);

    PortAnswers.PortReport report = PortAnswers.report(List.of(stale, current), kernel, null);

    assertThat(report.processes())
        .extracting(PortAnswers.ProcessAnswer::pid, PortAnswers.ProcessAnswer::answer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(400, PortAnswers.Answer.NEVER_ACCEPTS),
            org.assertj.core.groups.Tuple.tuple(500, PortAnswers.Answer.ANSWERS));
    assertThat(PortAnswers.heldButNeverAccepted(report)).isFalse();
  }

  @Test
  void aPortHeldByOneProcessGetsNoSection() {
    Diagnosis alone = Verdicts.verdict(Verdicts.listening(200, 1, PORT), List.of());
    assertThat(PortReportText.text(alone, PORT, "x")).isEmpty();
  }
}
