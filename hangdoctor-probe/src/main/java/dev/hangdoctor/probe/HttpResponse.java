package dev.hangdoctor.probe;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed HTTP/1.x response: the status, the headers (names lower-cased; a repeated header keeps
 * its last value), how the body was delimited, how many body bytes were read and whether the cap
 * stopped the reading early.
 */
public record HttpResponse(
    int status,
    String reason,
    Map<String, String> headers,
    BodyFraming framing,
    long bodyBytes,
    boolean truncated) {
  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** How the end of a response body is found (RFC 9112, section 6.3). */
  public enum BodyFraming {
    /** No body: a HEAD answer, 1xx, 204 or 304. */
    NONE,
    CONTENT_LENGTH,
    CHUNKED,
    /** The body runs until the server closes the connection. */
    UNTIL_CLOSE
  }
}
