package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Port to owner on a copied {@code /proc} tree: captured tables, fd links made by hand. */
class ListenerFinderTest {
  @TempDir Path root;

  private ListenerFinder finder;

  @BeforeEach
  void buildTree() throws IOException {
    Path net = Files.createDirectories(root.resolve("self").resolve("net"));
    Files.writeString(net.resolve("tcp"), SocketTableParserTest.capture("tcp"));
    Files.writeString(net.resolve("tcp6"), SocketTableParserTest.capture("tcp6"));
    // 6938 listens on 43287 (IPv4), 6948 on 56285 (IPv6); 6940 is an accepted 43287 connection.
    fd(200, 7, "socket:[6938]"); // a forked worker sharing the listener
    fd(200, 4, "socket:[6939]");
    fd(100, 0, "/dev/null");
    fd(100, 5, "socket:[6940]");
    fd(100, 3, "socket:[6938]");
    fd(100, 9, "socket:[6948]");
    // Not a directory: its fds cannot be read.
    Files.createDirectories(root.resolve("150"));
    Files.writeString(root.resolve("150").resolve("fd"), "");
    // Exited between listing /proc and reading its fds.
    Files.createDirectories(root.resolve("300"));
    finder = new ListenerFinder(new ProcFs(root));
  }

  private void fd(int pid, int fd, String target) throws IOException {
    Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)).resolve("fd"));
    Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of(target));
  }

  @Test
  void everyProcessHoldingTheListenerSortedByPid() {
    ListenerSearch search = finder.findListeners(43287);

    assertThat(search.listeners())
        .extracting(Listener::pid, Listener::fd, l -> l.socket().fd(), l -> l.socket().inode())
        .containsExactly(tuple(100, 3, 3, 6938L), tuple(200, 7, 7, 6938L));
    assertThat(search.listeners())
        .allSatisfy(
            l -> {
              assertThat(l.socket().state()).isEqualTo(SocketState.LISTEN);
              assertThat(l.socket().local()).isEqualTo(new Endpoint("127.0.0.1", 43287));
            });
    assertThat(search.unreadableProcesses()).isEqualTo(1);
  }

  @Test
  void ipv6Listener() {
    ListenerSearch search = finder.findListeners(56285);

    assertThat(search.listeners())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.pid()).isEqualTo(100);
              assertThat(l.fd()).isEqualTo(9);
              assertThat(l.socket().local()).isEqualTo(new Endpoint("::", 56285));
            });
  }

  @Test
  void connectionsOnThePortAreNotListeners() {
    // 43600 is only the local port of an established client socket.
    assertThat(finder.findListeners(43600).listeners()).isEmpty();
  }

  @Test
  void listenerNoProcessHoldsIsNotFound() {
    // 54917 listens, but no fd in the tree points at it.
    ListenerSearch search = finder.findListeners(54917);

    assertThat(search.listeners()).isEmpty();
    assertThat(search.unreadableProcesses()).isEqualTo(1);
  }

  @Test
  void noListenerMeansNoScan() {
    ListenerSearch search = finder.findListeners(1);

    assertThat(search.listeners()).isEmpty();
    assertThat(search.unreadableProcesses()).isZero();
  }

  @Test
  void missingIpv6TableIsSkipped() throws IOException {
    Files.delete(root.resolve("self").resolve("net").resolve("tcp6"));

    assertThat(finder.findListeners(43287).listeners()).hasSize(2);
    assertThat(finder.findListeners(56285).listeners()).isEmpty();
  }
}
