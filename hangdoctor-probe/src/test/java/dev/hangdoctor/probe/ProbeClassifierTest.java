package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ProbeClassifierTest {

  @Test
  void failuresByException() {
    assertThat(ProbeClassifier.ofFailure(new SocketTimeoutException("Read timed out")))
        .isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(ProbeClassifier.ofFailure(new ConnectException("Connection refused")))
        .isEqualTo(ProbeOutcome.REFUSED);
    assertThat(ProbeClassifier.ofFailure(new ConnectException("Connection timed out")))
        .isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(ProbeClassifier.ofFailure(new SocketException("Connection reset")))
        .isEqualTo(ProbeOutcome.RESET);
    assertThat(ProbeClassifier.ofFailure(new SocketException("Broken pipe")))
        .isEqualTo(ProbeOutcome.RESET);
    assertThat(ProbeClassifier.ofFailure(new UnknownHostException("nowhere.invalid")))
        .isEqualTo(ProbeOutcome.DNS);
    assertThat(ProbeClassifier.ofFailure(new SSLHandshakeException("PKIX path building failed")))
        .isEqualTo(ProbeOutcome.TLS);
    assertThat(ProbeClassifier.ofFailure(new MalformedResponseException("garbage")))
        .isEqualTo(ProbeOutcome.BAD_RESPONSE);
    assertThat(ProbeClassifier.ofFailure(new NoRouteToHostException("No route to host")))
        .isEqualTo(ProbeOutcome.NETWORK);
    assertThat(ProbeClassifier.ofFailure(new IOException("something else")))
        .isEqualTo(ProbeOutcome.NETWORK);
  }

  @Test
  void aTimeoutOrResetInsideTlsIsNotATlsFailure() {
    assertThat(
            ProbeClassifier.ofFailure(
                new SSLException("handshake", new SocketTimeoutException("Read timed out"))))
        .isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(
            ProbeClassifier.ofFailure(
                new SSLException("handshake", new SocketException("Connection reset"))))
        .isEqualTo(ProbeOutcome.RESET);
  }

  @Test
  void responsesByStatusAndTime() {
    Duration slow = Duration.ofSeconds(1);
    assertThat(ProbeClassifier.ofResponse(200, Duration.ofMillis(5), slow))
        .isEqualTo(ProbeOutcome.OK);
    assertThat(ProbeClassifier.ofResponse(302, Duration.ofMillis(1000), slow))
        .isEqualTo(ProbeOutcome.OK);
    assertThat(ProbeClassifier.ofResponse(200, Duration.ofMillis(1001), slow))
        .isEqualTo(ProbeOutcome.SLOW);
    assertThat(ProbeClassifier.ofResponse(404, Duration.ofMillis(5), slow))
        .isEqualTo(ProbeOutcome.HTTP_ERROR);
    assertThat(ProbeClassifier.ofResponse(500, Duration.ofSeconds(9), slow))
        .isEqualTo(ProbeOutcome.HTTP_ERROR);
  }
}
