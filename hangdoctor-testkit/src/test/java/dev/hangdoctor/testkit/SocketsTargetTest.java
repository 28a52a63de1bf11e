package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.ProcOracle.TcpEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketsTargetTest {
  private static final int LISTEN = 0x0A;
  private static final int ESTABLISHED = 0x01;
  private static final int CLOSE_WAIT = 0x08;

  @Test
  void socketsSitInTheirAnnouncedStates() {
    try (Target target = Target.start(TargetSpec.c("sockets.c"))) {
      long pid = target.pid();
      Map<Long, TcpEntry> tcp = ProcOracle.tcpByInode(pid);

      TcpEntry listener = tcp.get(ProcOracle.socketInode(pid, target.readyInt("listen_fd")));
      assertThat(listener.state()).isEqualTo(LISTEN);
      assertThat(listener.localPort()).isEqualTo(target.readyInt("listen_port"));

      TcpEntry sender = tcp.get(ProcOracle.socketInode(pid, target.readyInt("sendq_fd")));
      assertThat(sender.state()).isEqualTo(ESTABLISHED);
      assertThat(sender.txQueue()).isPositive();

      TcpEntry receiver = tcp.get(ProcOracle.socketInode(pid, target.readyInt("recvq_fd")));
      assertThat(target.readyInt("recvq_bytes")).isEqualTo(4242);
      assertThat(receiver.state()).isEqualTo(ESTABLISHED);
      assertThat(receiver.rxQueue()).isEqualTo(0x1092);

      List<Integer> closeWaitFds =
          Arrays.stream(target.ready().get("close_wait_fds").split(","))
              .map(Integer::parseInt)
              .toList();
      assertThat(target.readyInt("close_wait")).isEqualTo(40);
      assertThat(closeWaitFds).hasSize(40).doesNotHaveDuplicates();
      for (int fd : closeWaitFds) {
        TcpEntry entry = tcp.get(ProcOracle.socketInode(pid, fd));
        assertThat(entry.state()).as("state of fd %d", fd).isEqualTo(CLOSE_WAIT);
        assertThat(entry.localPort()).isEqualTo(listener.localPort());
      }
      assertThat(tcp.values().stream().filter(e -> e.state() == CLOSE_WAIT))
          .hasSizeGreaterThanOrEqualTo(40);
    }
  }
}
