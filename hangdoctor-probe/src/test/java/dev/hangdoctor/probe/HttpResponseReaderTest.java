package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.probe.HttpResponse.BodyFraming;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

  private static HttpResponse read(String bytes, long cap) throws IOException {
    return new HttpResponseReader(
            new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)), cap)
        .read("GET");
  }

  private static HttpResponse read(String bytes) throws IOException {
    return read(bytes, 1 << 20);
  }

  @Test
  void contentLengthBodyIsReadExactly() throws IOException {
    HttpResponse response =
        read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Extra: a\r\n\r\nhelloTRAILING-GARBAGE");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.reason()).isEqualTo("OK");
    assertThat(response.framing()).isEqualTo(BodyFraming.CONTENT_LENGTH);
    assertThat(response.bodyBytes()).isEqualTo(5);
    assertThat(response.truncated()).isFalse();
    assertThat(response.header("x-extra")).contains("a");
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailers() throws IOException {
    HttpResponse response =
        read(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=x\r\nwiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: 1\r\n\r\n");
    assertThat(response.framing()).isEqualTo(BodyFraming.CHUNKED);
    assertThat(response.bodyBytes()).isEqualTo(4 + 5 + 14);
  }

  @Test
  void withoutLengthTheBodyRunsToTheEndOfTheConnection() throws IOException {
    HttpResponse response = read("HTTP/1.0 200 OK\nServer: old\n\nall of this is body");
    assertThat(response.framing()).isEqualTo(BodyFraming.UNTIL_CLOSE);
    assertThat(response.bodyBytes()).isEqualTo("all of this is body".length());
  }

  @Test
  void theCapStopsReadingAndSaysSo() throws IOException {
    HttpResponse response =
        read("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100), 10);
    assertThat(response.bodyBytes()).isEqualTo(10);
    assertThat(response.truncated()).isTrue();
  }

  @Test
  void interimResponsesAreSkipped() throws IOException {
    HttpResponse response =
        read(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.reason()).isEqualTo("Service Unavailable");
  }

  @Test
  void noBodyFor204() throws IOException {
    HttpResponse response = read("HTTP/1.1 204 No Content\r\n\r\n");
    assertThat(response.framing()).isEqualTo(BodyFraming.NONE);
    assertThat(response.bodyBytes()).isZero();
  }

  @Test
  void truncatedContentLengthBodyIsMalformed() {
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("3 of 10");
  }

  @Test
  void emptyReplyAndGarbageAreMalformed() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("connection closed before a response");
    assertThatThrownBy(() -> read("SSH-2.0-OpenSSH_9.2\r\n"))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("not an HTTP/1.x status line");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("Content-Length");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("chunk size");
  }
}
