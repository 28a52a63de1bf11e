package com.example.cloud;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** An HTTP response whose body is still on the connection; close() returns the connection. */
final class Response implements Closeable {
  private final int status;
  private final Socket connection;
  private final ConnectionPool pool;
  private final int contentLength;
  private boolean closed;

  Response(int status, int contentLength, Socket connection, ConnectionPool pool) {
    this.status = status;
    this.contentLength = contentLength;
    this.connection = connection;
    this.pool = pool;
  }

  int status() {
    return status;
  }

  String body() throws IOException {
    InputStream in = connection.getInputStream();
    byte[] body = in.readNBytes(contentLength);
    close();
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.release(connection);
    }
  }
}
