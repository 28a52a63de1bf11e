package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Real listeners of this JVM: one its epoll selector watches for connections to accept, one it only
 * holds; and the accept queue of a listener nobody accepts on, read through {@code /proc}.
 */
class ListenerUseReaderTest {
  private final int pid = (int) ProcessHandle.current().pid();
  private final ProcFs procFs = ProcFs.system();

  @Test
  void aListenerWatchedByAnEpollSelectorIsToldFromOneOnlyHeld() throws IOException {
    try (Selector selector = Selector.open();
        ServerSocketChannel watched = listener();
        ServerSocketChannel held = listener()) {
      watched.configureBlocking(false);
      watched.register(selector, SelectionKey.OP_ACCEPT);
      selector.selectNow(); // the JDK hands registrations to epoll_ctl on its next select
      long watchedInode = inode(watched);
      long heldInode = inode(held);

      ListenerUse use = new ListenerUseReader(procFs).read(pid, Set.of(watchedInode, heldInode));

      assertThat(use.readable()).isTrue();
      assertThat(use.watched()).containsExactly(watchedInode);
    }
  }

  @Test
  void connectionsNobodyAcceptsWaitInTheListenersAcceptQueue() throws IOException {
    try (ServerSocketChannel server = listener();
        SocketChannel first = SocketChannel.open(server.getLocalAddress());
        SocketChannel second = SocketChannel.open(server.getLocalAddress())) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();

      ListenerSearch search = new ListenerFinder(procFs).findListeners(port);

      assertThat(search.listeners()).hasSize(1);
      assertThat(search.listeners().get(0).pid()).isEqualTo(pid);
      assertThat(search.listeners().get(0).socket().receiveQueue()).isEqualTo(2L);
      assertThat(first.isConnected() && second.isConnected()).isTrue();
    }
  }

  private static ServerSocketChannel listener() throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    return channel;
  }

  /** The socket inode of {@code channel}, from the one listener on its port. */
  private long inode(ServerSocketChannel channel) throws IOException {
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    return new ListenerFinder(procFs).findListeners(port).listeners().get(0).socket().inode();
  }
}
