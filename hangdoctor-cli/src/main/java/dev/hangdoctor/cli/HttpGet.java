package dev.hangdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A plain HTTP/1.1 GET on 127.0.0.1 with one deadline for the whole exchange (what {@code curl -m}
 * does): the status line, or the fact that none came in time. {@link #open} keeps a request open,
 * for a stream the demo starts and leaves hanging.
 */
final class HttpGet implements AutoCloseable {
  /** What came back: the status line, or empty when the deadline passed first; and how long. */
  record Outcome(Optional<String> statusLine, long millis) {}

  private final Socket socket;

  private HttpGet(Socket socket) {
    this.socket = socket;
  }

  /** Sends {@code GET path} and returns with the connection open. */
  static HttpGet open(int port, String path) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new HttpGet(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A whole GET within {@code timeout}. */
  static Outcome get(int port, String path, Duration timeout) throws IOException {
    long start = System.nanoTime();
    try (HttpGet request = open(port, path)) {
      Optional<String> status = request.statusLine(start + timeout.toNanos());
      return new Outcome(status, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** The response's status line, or empty when none came before {@code deadlineNanos}. */
  Optional<String> statusLine(long deadlineNanos) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    while (true) {
      long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (remaining <= 0) {
        return Optional.empty();
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
      int next;
      try {
        next = in.read();
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      if (next < 0 || next == '\n') {
        return line.length() == 0 ? Optional.empty() : Optional.of(line.toString().strip());
      }
      line.append((char) next);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
