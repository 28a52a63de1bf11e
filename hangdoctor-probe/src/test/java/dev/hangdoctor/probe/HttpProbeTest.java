package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Probes against real local servers: one per class of outcome and per body framing. */
class HttpProbeTest {
  /** For servers that never answer: the deadlines under test. */
  private static final ProbeSettings SHORT =
      new ProbeSettings(
          Duration.ofMillis(1500), Duration.ofMillis(500), Duration.ofSeconds(1), false, 1 << 20);

  /**
   * For servers that answer: limits no loaded machine reaches, so the class depends on the answer
   * and never on how fast this host is.
   */
  private static final ProbeSettings PATIENT =
      new ProbeSettings(
          Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60), false, 1 << 20);

  private static ProbeResult probe(URI url) {
    return new HttpProbe(PATIENT).probe(url);
  }

  private static ProbeResult probeShort(URI url) {
    return new HttpProbe(SHORT).probe(url);
  }

  private static TestServer answering(String response) throws IOException {
    return TestServer.start(
        client -> {
          TestServer.readRequest(client);
          TestServer.send(client, response);
          TestServer.holdOpen(client);
        });
  }

  @Test
  void malformedUrlsAndPortsAreSaidInOneLine() {
    assertThat(HttpProbe.parseUrl("http://127.0.0.1:8000/health").getPort()).isEqualTo(8000);
    assertThat(HttpProbe.parseUrl("https://[::1]/").getHost()).isEqualTo("[::1]");
    assertRejected(
        "http://127.0.0.1:99999/",
        "bad port in URL: http://127.0.0.1:99999/ (99999 is" + " not from 1 to 65535)");
    assertRejected("http://127.0.0.1:0/", "(0 is not from 1 to 65535)");
    assertRejected("http://127.0.0.1:abc/", "('abc' is not a number from 1 to 65535)");
    assertRejected(
        "127.0.0.1:8000",
        "not a URL: 127.0.0.1:8000 (no scheme; did you mean http://127.0.0.1:8000 ?)");
    assertRejected(
        "localhost:8000/health", "(no scheme; did you mean http://localhost:8000/health ?)");
    assertRejected("ftp://example.org/", "not an http:// or https:// URL: ftp://example.org/");
    assertRejected("http:///path", "no host in URL: http:///path");
    assertRejected("http://exa mple/", "not a URL: http://exa mple/ (illegal character");
  }

  private static void assertRejected(String url, String message) {
    assertThatThrownBy(() -> HttpProbe.parseUrl(url))
        .as(url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("Exception");
  }

  @Test
  void okWithContentLengthTimesEveryPhase() throws IOException {
    try (TestServer server = answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")) {
      ProbeResult result = probe(server.url("/health"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.OK);
      assertThat(result.status()).isEqualTo(200);
      assertThat(result.bodyBytes()).isEqualTo(5);
      assertThat(result.failedIn()).isEmpty();
      assertThat(result.timings().end(Phase.TLS)).isEmpty();
      Duration dns = result.timings().end(Phase.DNS).orElseThrow();
      Duration connect = result.timings().end(Phase.CONNECT).orElseThrow();
      Duration firstByte = result.timings().end(Phase.FIRST_BYTE).orElseThrow();
      Duration complete = result.timings().end(Phase.BODY).orElseThrow();
      assertThat(dns).isLessThanOrEqualTo(connect);
      assertThat(connect).isLessThanOrEqualTo(firstByte);
      assertThat(firstByte).isLessThanOrEqualTo(complete);
      assertThat(ProbeLines.line(result))
          .startsWith("ok")
          .contains("200  " + server.url("/health"))
          .contains("first-byte ")
          .contains("(200 OK, 5 B body)");
    }
  }

  @Test
  void theRequestIsAnHttp11GetWithHostAndPath() throws Exception {
    String[] seen = new String[1];
    try (TestServer server =
        TestServer.start(
            client -> {
              seen[0] = TestServer.readRequest(client);
              TestServer.send(client, "HTTP/1.1 204 No Content\r\n\r\n");
            })) {
      ProbeResult result = probe(server.url("/a/b?x=1"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.OK);
      assertThat(seen[0])
          .startsWith("GET /a/b?x=1 HTTP/1.1\r\n")
          .contains("Host: 127.0.0.1:" + server.port() + "\r\n")
          .contains("Connection: close\r\n");
    }
  }

  @Test
  void chunkedBodyIsReadToTheLastChunk() throws IOException {
    try (TestServer server =
        answering(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n")) {
      ProbeResult result = probe(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.OK);
      assertThat(result.bodyBytes()).isEqualTo(11);
    }
  }

  @Test
  void bodyWithoutLengthEndsWhenTheServerCloses() throws IOException {
    try (TestServer server =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              TestServer.send(client, "HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(70_000));
            })) {
      ProbeResult result = probe(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.OK);
      assertThat(result.bodyBytes()).isEqualTo(70_000);
    }
  }

  @Test
  void aLateCompleteAnswerIsSlow() throws IOException {
    try (TestServer server =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              Thread.sleep(300);
              TestServer.send(client, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            })) {
      ProbeSettings slowAt100ms =
          new ProbeSettings(
              Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMillis(100), false, 1024);
      ProbeResult result = new HttpProbe(slowAt100ms).probe(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.SLOW);
      assertThat(result.status()).isEqualTo(200);
      assertThat(result.detail()).isEqualTo("200 OK, over the 100 ms slow threshold");
    }
  }

  @Test
  void status500IsAnHttpError() throws IOException {
    try (TestServer server =
        answering("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops")) {
      ProbeResult result = probe(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.HTTP_ERROR);
      assertThat(result.status()).isEqualTo(500);
      assertThat(result.detail()).isEqualTo("500 Internal Server Error");
    }
  }

  @Test
  void aClosedPortRefuses() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    ProbeResult result = probe(URI.create("http://127.0.0.1:" + port + "/"));

    assertThat(result.outcome()).isEqualTo(ProbeOutcome.REFUSED);
    assertThat(result.failedIn()).contains(Phase.CONNECT);
  }

  @Test
  void aServerThatResetsTheConnection() throws IOException {
    try (TestServer server =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              client.setSoLinger(true, 0);
              client.close();
            })) {
      ProbeResult result = probe(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.RESET);
      assertThat(result.failedIn()).contains(Phase.FIRST_BYTE);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutWaitingForTheFirstByte() throws IOException {
    try (TestServer server =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              TestServer.holdOpen(client);
            })) {
      ProbeResult result = probeShort(server.url("/health"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
      assertThat(result.failedIn()).contains(Phase.FIRST_BYTE);
      assertThat(result.timings().end(Phase.CONNECT)).isPresent();
      assertThat(result.detail()).isEqualTo("no response within 1.5 s");
      assertThat(ProbeLines.line(result)).contains("first-byte -- (failed after ");
    }
  }

  @Test
  void aBodyThatStopsHalfwayTimesOutInTheBody() throws IOException {
    try (TestServer server =
        TestServer.start(
            client -> {
              TestServer.readRequest(client);
              TestServer.send(client, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..");
              TestServer.holdOpen(client);
            })) {
      ProbeResult result = probeShort(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
      assertThat(result.failedIn()).contains(Phase.BODY);
      assertThat(result.timings().end(Phase.FIRST_BYTE)).isPresent();
    }
  }

  @Test
  void aListenerWithAFullBacklogTimesOutConnecting() throws IOException {
    try (TestServer server = TestServer.withFullBacklog()) {
      ProbeResult result = probeShort(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
      assertThat(result.failedIn()).contains(Phase.CONNECT);
      assertThat(result.detail()).isEqualTo("no connection within 500 ms");
    }
  }

  @Test
  void anUnknownHostIsADnsFailure() {
    ProbeResult result = probe(URI.create("http://no-such-host.invalid/health"));

    assertThat(result.outcome()).isEqualTo(ProbeOutcome.DNS);
    assertThat(result.failedIn()).contains(Phase.DNS);
    assertThat(result.remoteAddress()).isEmpty();
  }

  @Test
  void httpsToAPlainHttpServerFailsInTls() throws IOException {
    try (TestServer server =
        TestServer.start(
            client -> {
              // answers the ClientHello as an HTTP server answers garbage
              TestServer.send(client, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
              TestServer.holdOpen(client);
            })) {
      ProbeResult result = probe(URI.create("https://127.0.0.1:" + server.port() + "/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.TLS);
      assertThat(result.failedIn()).contains(Phase.TLS);
    }
  }

  @Test
  void somethingThatIsNotHttpIsABadResponse() throws IOException {
    try (TestServer server = answering("SSH-2.0-OpenSSH_9.2\r\n")) {
      ProbeResult result = probe(server.url("/"));

      assertThat(result.outcome()).isEqualTo(ProbeOutcome.BAD_RESPONSE);
      assertThat(result.detail()).contains("not an HTTP/1.x status line");
    }
  }
}
