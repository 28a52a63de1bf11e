package dev.hangdoctor.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP server on an ephemeral loopback port that runs a handler per connection, for probing
 * real sockets: responses of every framing, delays, resets, silence. Closing it closes every socket
 * and joins its threads.
 */
final class TestServer implements AutoCloseable {
  interface Handler {
    void handle(Socket client) throws Exception;
  }

  private final ServerSocket server;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private TestServer(ServerSocket server) {
    this.server = server;
  }

  static TestServer start(Handler handler) throws IOException {
    TestServer test = new TestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    test.spawn(
        () -> {
          while (!test.server.isClosed()) {
            Socket client;
            try {
              client = test.server.accept();
            } catch (IOException e) {
              return;
            }
            test.clients.add(client);
            test.spawn(
                () -> {
                  try (client) {
                    handler.handle(client);
                  } catch (Exception e) {
                    // the probe hung up, or the test is closing the server
                  }
                });
          }
        });
    return test;
  }

  /** A server whose backlog is full: it never accepts, and new connections are never completed. */
  static TestServer withFullBacklog() throws IOException {
    TestServer test = new TestServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    for (int attempt = 0; attempt < 50; attempt++) {
      Socket filler = new Socket();
      test.clients.add(filler);
      try {
        filler.connect(test.server.getLocalSocketAddress(), 200);
      } catch (IOException e) {
        return test; // this one was dropped: the queue is full
      }
    }
    test.close();
    throw new IllegalStateException("the accept queue never filled up");
  }

  int port() {
    return server.getLocalPort();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** Reads the request head (up to the empty line). */
  static String readRequest(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  static void send(Socket client, String bytes) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Blocks until the client or the test hangs up. */
  static void holdOpen(Socket client) throws IOException {
    while (client.getInputStream().read() >= 0) {
      // discard
    }
  }

  private void spawn(Runnable task) {
    Thread thread = new Thread(task, "test-server-" + server.getLocalPort());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket client : clients) {
      client.close();
    }
    for (Thread thread : threads) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
