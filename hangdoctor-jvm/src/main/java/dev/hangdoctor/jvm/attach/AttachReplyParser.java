package dev.hangdoctor.jvm.attach;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Parses the bytes a HotSpot attach listener sent back before closing the connection: an ASCII
 * decimal status, a newline, then the command's output. A pure function.
 */
public final class AttachReplyParser {
  private AttachReplyParser() {}

  /**
   * The reply, or empty when the bytes hold no complete status line: the listener closed the
   * connection without answering (its peer-credential check, or a request it could not read).
   */
  public static Optional<AttachReply> parse(byte[] bytes, int length) {
    int newline = -1;
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        newline = i;
        break;
      }
    }
    if (newline <= 0) {
      return Optional.empty();
    }
    String status = new String(bytes, 0, newline, StandardCharsets.US_ASCII).strip();
    int code;
    try {
      code = Integer.parseInt(status);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String output = new String(bytes, newline + 1, length - newline - 1, StandardCharsets.UTF_8);
    return Optional.of(new AttachReply(code, output));
  }
}
