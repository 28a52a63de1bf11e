package dev.hangdoctor.diagnosis.signatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal HTTP/1.1 client on a raw socket, so a test decides exactly when the request is sent and
 * when the connection goes away (a client disconnect is part of some hangs).
 */
final class HttpClientStub implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;

  private HttpClientStub(Socket socket) {
    this.socket = socket;
  }

  /** Connects to 127.0.0.1:{@code port} and sends {@code GET path}. */
  static HttpClientStub get(int port, String path) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new HttpClientStub(socket);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("GET " + path + " on port " + port, e);
    }
  }

  /** Reads the response until {@code text} has arrived (at most 10 s); returns what was read. */
  String readUntil(String text) {
    StringBuilder received = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      InputStream in = socket.getInputStream();
      while (received.indexOf(text) < 0) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new AssertionError("connection closed before '" + text + "': " + received);
        }
        received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
      return received.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("waiting for '" + text + "', got: " + received, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to release any more
    }
  }
}
