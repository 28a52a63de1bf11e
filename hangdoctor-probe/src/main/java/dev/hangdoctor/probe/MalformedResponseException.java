package dev.hangdoctor.probe;

import java.io.IOException;

/** The server's bytes are not an HTTP/1.x response, or it closed the connection mid-response. */
public final class MalformedResponseException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedResponseException(String message) {
    super(message);
  }
}
