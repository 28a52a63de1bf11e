package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join of fds and tables, on a copied {@code /proc} tree made of captured tables. */
class SocketReaderTest {
  private static final int PID = 4242;

  @TempDir Path root;

  private static final List<FdEntry> FDS =
      List.of(
          new FdEntry(0, FdKind.FILE, "/dev/null"),
          new FdEntry(30, FdKind.SOCKET, "socket:[6940]"),
          new FdEntry(22, FdKind.SOCKET, "socket:[6957]"),
          new FdEntry(3, FdKind.SOCKET, "socket:[6938]"),
          new FdEntry(18, FdKind.SOCKET, "socket:[6953]"),
          new FdEntry(5, FdKind.SOCKET, "socket:[6940]"),
          new FdEntry(12, FdKind.SOCKET, "socket:[6947]"),
          new FdEntry(40, FdKind.SOCKET, "socket:[999999]"),
          new FdEntry(41, FdKind.ANON_INODE, "anon_inode:[eventpoll]"),
          new FdEntry(6, FdKind.PIPE, "pipe:[6951]"));

  private Path netDir() throws IOException {
    return Files.createDirectories(root.resolve(Integer.toString(PID)).resolve("net"));
  }

  private void copy(String table) throws IOException {
    Files.writeString(netDir().resolve(table), SocketTableParserTest.capture(table));
  }

  @Test
  void joinsSocketFdsWithEveryTableAndSortsByFd() throws IOException {
    copy("tcp");
    copy("tcp6");
    copy("udp6");
    copy("unix");
    // No udp table: skipped without a gap, as on a kernel without the protocol.

    SocketReadResult result = new SocketReader(new ProcFs(root)).read(PID, FDS);

    assertThat(result.gaps()).isEmpty();
    assertThat(result.sockets())
        .extracting(SocketEntry::fd, SocketEntry::inode, SocketEntry::protocol, SocketEntry::state)
        .containsExactly(
            tuple(3, 6938L, SocketProtocol.TCP, SocketState.LISTEN),
            tuple(5, 6940L, SocketProtocol.TCP, SocketState.ESTABLISHED),
            tuple(12, 6947L, SocketProtocol.TCP6, SocketState.ESTABLISHED),
            tuple(18, 6953L, SocketProtocol.UDP6, SocketState.ESTABLISHED),
            tuple(22, 6957L, SocketProtocol.UNIX, SocketState.LISTEN),
            tuple(30, 6940L, SocketProtocol.TCP, SocketState.ESTABLISHED));
    assertThat(result.sockets().get(1).receiveQueue()).isEqualTo(12345L);
    assertThat(result.sockets().get(4).unixPath()).isEqualTo("/tmp/netcap/my socket.sock");
  }

  @Test
  void processThatExitedIsOneGap() {
    SocketReadResult result = new SocketReader(new ProcFs(root)).read(PID, FDS);

    assertThat(result.sockets()).isEmpty();
    assertThat(result.gaps())
        .singleElement()
        .satisfies(
            gap -> {
              assertThat(gap.what()).isEqualTo("sockets (/proc/4242/net/tcp)");
              assertThat(gap.reason()).isEqualTo(EvidenceGap.Reason.TARGET_EXITED);
            });
  }

  @Test
  void unreadableTableIsAGapAndTheRestIsStillReturned() throws IOException {
    copy("tcp");
    Files.createDirectories(netDir().resolve("tcp6")); // reading it fails, but not as "missing"
    copy("unix");

    SocketReadResult result = new SocketReader(new ProcFs(root)).read(PID, FDS);

    assertThat(result.gaps())
        .singleElement()
        .satisfies(
            gap -> {
              assertThat(gap.what()).isEqualTo("sockets (/proc/4242/net/tcp6)");
              assertThat(gap.reason()).isEqualTo(EvidenceGap.Reason.UNREADABLE);
            });
    assertThat(result.sockets()).extracting(SocketEntry::fd).containsExactly(3, 5, 22, 30);
  }

  @Test
  void withoutSocketFdsNothingIsRead() {
    // The process directory does not exist: any read would be a gap.
    SocketReadResult result =
        new SocketReader(new ProcFs(root))
            .read(PID, List.of(new FdEntry(0, FdKind.FILE, "/dev/null")));

    assertThat(result.sockets()).isEmpty();
    assertThat(result.gaps()).isEmpty();
  }

  @Test
  void stopsReadingTablesOnceEverySocketIsFound() throws IOException {
    copy("tcp");
    // Would be a gap if it were read.
    Files.createDirectories(netDir().resolve("tcp6"));

    SocketReadResult result =
        new SocketReader(new ProcFs(root))
            .read(PID, List.of(new FdEntry(3, FdKind.SOCKET, "socket:[6938]")));

    assertThat(result.gaps()).isEmpty();
    assertThat(result.sockets()).extracting(SocketEntry::inode).containsExactly(6938L);
  }

  @Test
  void socketInodeReadsOnlySocketLinks() {
    assertThat(SocketReader.socketInode("socket:[12345]")).isEqualTo(12345L);
    assertThat(SocketReader.socketInode("socket:[0]")).isEqualTo(0L);
    assertThat(SocketReader.socketInode("socket:[]")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode("socket:[12a]")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode("socket:[123")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode("socket:[99999999999999999999]")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode("pipe:[12345]")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode("/tmp/socket:[1]")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode("")).isEqualTo(-1L);
    assertThat(SocketReader.socketInode(null)).isEqualTo(-1L);
  }
}
