package dev.hangdoctor.diagnosis.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import java.util.List;
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
    String text = PortAnswers.text(server(), PORT, "GET http://127.0.0.1:8000/ answered HTTP 200");

    assertThat(text)
        .contains("PORT 8000: 3 processes hold the listening socket; 1 of 2 workers free to answer")
        .contains("PID 101  does not answer: blocking network read")
        .contains("probe: GET http://127.0.0.1:8000/ answered HTTP 200");
    assertThat(PortAnswers.probeHost(server(), PORT)).isEqualTo("127.0.0.1");
  }

  @Test
  void aPortHeldByOneProcessGetsNoSection() {
    Diagnosis alone = Verdicts.verdict(Verdicts.listening(200, 1, PORT), List.of());
    assertThat(PortAnswers.text(alone, PORT, "x")).isEmpty();
  }
}
