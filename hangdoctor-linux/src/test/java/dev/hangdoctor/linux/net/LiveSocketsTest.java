package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets made by this JVM on loopback, read back through {@code /proc}. */
class LiveSocketsTest {
  private static final long POLL_TIMEOUT_NANOS = 5_000_000_000L;
  private static final long POLL_INTERVAL_NANOS = 2_000_000L;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final int pid = (int) ProcessHandle.current().pid();
  private final ProcFs procFs = ProcFs.system();
  private final List<Closeable> open = new ArrayList<>();

  @AfterEach
  void closeEverything() throws IOException {
    IOException first = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  private <T extends Closeable> T track(T resource) {
    open.add(resource);
    return resource;
  }

  @Test
  void unreadBytesAreTheReceiveQueueOfTheAcceptedSocket() throws IOException {
    ServerSocket server = track(new ServerSocket(0, 50, LOOPBACK));
    Socket client = track(new Socket(LOOPBACK, server.getLocalPort()));
    track(server.accept());
    client.getOutputStream().write(new byte[12345]);
    client.getOutputStream().flush();
    int serverPort = server.getLocalPort();
    int clientPort = client.getLocalPort();

    List<SocketEntry> sockets =
        pollOwnSockets(
            all ->
                all.stream()
                    .anyMatch(s -> isConnection(s, serverPort, clientPort) && queued(s) == 12345));

    SocketEntry accepted =
        sockets.stream().filter(s -> isConnection(s, serverPort, clientPort)).findFirst().get();
    assertThat(accepted.receiveQueue()).isEqualTo(12345L);
    assertThat(accepted.state()).isEqualTo(SocketState.ESTABLISHED);
    assertThat(accepted.protocol().isTcp()).isTrue();
    assertFdIsSocket(accepted.fd(), accepted.inode());
    assertThat(sockets).isSortedAccordingTo(Comparator.comparingInt(SocketEntry::fd));
  }

  @Test
  void writerToAPeerThatNeverReadsHasASendQueue() throws IOException {
    ServerSocketChannel server =
        track(ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
    SocketChannel writer = track(SocketChannel.open(server.getLocalAddress()));
    track(server.accept());
    writer.configureBlocking(false);
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    long written = 0;
    while (true) {
      chunk.clear();
      int n = writer.write(chunk);
      if (n == 0) {
        break;
      }
      written += n;
      assertThat(written).as("bytes written without blocking").isLessThan(256L << 20);
    }
    int serverPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
    int writerPort = ((InetSocketAddress) writer.getLocalAddress()).getPort();

    List<SocketEntry> sockets =
        pollOwnSockets(
            all ->
                all.stream()
                    .anyMatch(s -> isConnection(s, writerPort, serverPort) && sendQueue(s) > 0));

    SocketEntry writerSocket =
        sockets.stream().filter(s -> isConnection(s, writerPort, serverPort)).findFirst().get();
    assertThat(writerSocket.sendQueue()).isPositive();
    assertThat(writerSocket.hasQueuedData()).isTrue();
    assertFdIsSocket(writerSocket.fd(), writerSocket.inode());
  }

  @Test
  void acceptedConnectionsWhoseClientsClosedAreInCloseWait() throws IOException {
    ServerSocket server = track(new ServerSocket(0, 50, LOOPBACK));
    int serverPort = server.getLocalPort();
    Set<Integer> clientPorts = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      try (Socket client = new Socket(LOOPBACK, serverPort)) {
        clientPorts.add(client.getLocalPort());
        track(server.accept());
      }
    }

    List<SocketEntry> sockets =
        pollOwnSockets(all -> closeWait(all, serverPort).size() == clientPorts.size());

    List<SocketEntry> closeWait = closeWait(sockets, serverPort);
    assertThat(closeWait).hasSize(30);
    assertThat(closeWait)
        .extracting(s -> s.remote().port())
        .containsExactlyInAnyOrderElementsOf(clientPorts);
    assertThat(closeWait).extracting(SocketEntry::fd).doesNotHaveDuplicates();
    for (SocketEntry socket : closeWait) {
      assertFdIsSocket(socket.fd(), socket.inode());
    }
  }

  @Test
  void listenerOnAnEphemeralPortIsFoundInThisProcess() throws IOException {
    ServerSocket server = track(new ServerSocket(0, 50, LOOPBACK));

    ListenerSearch search = new ListenerFinder(procFs).findListeners(server.getLocalPort());

    assertThat(search.listeners())
        .singleElement()
        .satisfies(
            listener -> {
              assertThat(listener.pid()).isEqualTo(pid);
              assertThat(listener.socket().fd()).isEqualTo(listener.fd());
              assertThat(listener.socket().state()).isEqualTo(SocketState.LISTEN);
              assertThat(listener.socket().local().port()).isEqualTo(server.getLocalPort());
              assertFdIsSocket(listener.fd(), listener.socket().inode());
            });
  }

  @Test
  void portNobodyListensOnHasNoListeners() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, LOOPBACK)) {
      port = probe.getLocalPort();
    }

    assertThat(new ListenerFinder(procFs).findListeners(port).listeners()).isEmpty();
  }

  private static boolean isConnection(SocketEntry s, int localPort, int remotePort) {
    return s.protocol().isTcp() && s.local().port() == localPort && s.remote().port() == remotePort;
  }

  private static long queued(SocketEntry s) {
    return s.receiveQueue() == null ? -1 : s.receiveQueue();
  }

  private static long sendQueue(SocketEntry s) {
    return s.sendQueue() == null ? -1 : s.sendQueue();
  }

  private static List<SocketEntry> closeWait(List<SocketEntry> sockets, int serverPort) {
    return sockets.stream()
        .filter(s -> s.protocol().isTcp())
        .filter(s -> s.state() == SocketState.CLOSE_WAIT && s.local().port() == serverPort)
        .toList();
  }

  /**
   * This JVM's sockets, read until {@code condition} holds or 5 s pass; the last read either way.
   */
  private List<SocketEntry> pollOwnSockets(Predicate<List<SocketEntry>> condition) {
    return poll(
        () -> {
          SocketReadResult result = new SocketReader(procFs).read(pid, ownFds());
          assertThat(result.gaps()).isEmpty();
          return result.sockets();
        },
        condition);
  }

  private static <T> T poll(Supplier<T> read, Predicate<T> condition) {
    long deadline = System.nanoTime() + POLL_TIMEOUT_NANOS;
    T value = read.get();
    while (!condition.test(value) && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(POLL_INTERVAL_NANOS);
      value = read.get();
    }
    return value;
  }

  private List<FdEntry> ownFds() {
    List<FdEntry> fds = new ArrayList<>();
    try {
      for (int fd : procFs.listNumbers(procFs.pidDir(pid).resolve("fd"))) {
        String target;
        try {
          target = procFs.readLink(procFs.pidDir(pid).resolve("fd").resolve(Integer.toString(fd)));
        } catch (ProcReadException e) {
          continue; // closed since the listing, like the listing's own directory handle
        }
        fds.add(
            new FdEntry(fd, target.startsWith("socket:[") ? FdKind.SOCKET : FdKind.OTHER, target));
      }
    } catch (ProcReadException e) {
      throw new AssertionError(e);
    }
    return fds;
  }

  private void assertFdIsSocket(int fd, long inode) {
    try {
      assertThat(procFs.readLink(procFs.pidDir(pid).resolve("fd").resolve(Integer.toString(fd))))
          .isEqualTo("socket:[" + inode + "]");
    } catch (ProcReadException e) {
      throw new AssertionError(e);
    }
  }
}
