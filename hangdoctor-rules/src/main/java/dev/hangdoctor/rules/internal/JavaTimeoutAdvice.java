package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.JavaFrame;
import java.util.List;

/**
 * How to put a deadline on the blocking Java call a thread is in, worded for the API it blocks in
 * (HttpURLConnection, a plain Socket, a SocketChannel, the java.net.http client, JDBC), so a fix
 * can name the call to change.
 */
public final class JavaTimeoutAdvice {
  private JavaTimeoutAdvice() {}

  /** Advice for a thread blocked in a socket read with the stack {@code frames}. */
  public static String forSocketRead(List<JavaFrame> frames) {
    if (JavaFrames.containsClass(frames, "sun.net.www.protocol.http.HttpURLConnection")
        || JavaFrames.containsClass(frames, "sun.net.www.http.HttpClient")) {
      return "set a read timeout on the connection (connection.setReadTimeout(10_000) next to"
          + " setConnectTimeout; URL.openStream() has none: open the connection yourself) and"
          + " handle the SocketTimeoutException";
    }
    if (JavaFrames.containsClass(frames, "sun.nio.ch.SocketChannelImpl")) {
      return "read through a Selector with a timeout (selector.select(10_000)), or set"
          + " channel.socket().setSoTimeout(10_000) and read from its input stream, and handle"
          + " the timeout";
    }
    if (frames.stream()
        .anyMatch(
            f ->
                f.className().startsWith("org.postgresql")
                    || f.className().startsWith("com.mysql")
                    || f.className().startsWith("oracle.jdbc"))) {
      return "set the driver's socket timeout (socketTimeout / oracle.jdbc.ReadTimeout) and a"
          + " query timeout (Statement.setQueryTimeout)";
    }
    return "set a read timeout on the socket (socket.setSoTimeout(10_000), before reading) and"
        + " handle the SocketTimeoutException";
  }
}
