package dev.hangdoctor.jvm.attach;

import dev.hangdoctor.jvm.attach.AttachException.Reason;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One request on a JVM's attach socket: connect, write the whole request at once, read to end of
 * stream, all non-blocking under one deadline, so a listener that never answers (a VM that cannot
 * reach a safepoint, one wedged by another client) costs the deadline and no more. The listener
 * serves one connection at a time and blocks on a client that sends nothing, which is why the
 * request is never written in pieces.
 */
final class AttachConnection {
  /** Replies larger than this are cut (a dump of many thousand threads is a few MB). */
  static final int MAX_REPLY_BYTES = 256 * 1024 * 1024;

  private AttachConnection() {}

  /** The raw reply bytes, up to end of stream. */
  static byte[] exchange(Path socket, AttachRequest request, Deadline deadline)
      throws AttachException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      connect(channel, selector, socket, deadline);
      write(channel, selector, ByteBuffer.wrap(request.bytes()), deadline, socket);
      return read(channel, selector, deadline, socket);
    } catch (IOException e) {
      throw classify(socket, e);
    }
  }

  private static void connect(
      SocketChannel channel, Selector selector, Path socket, Deadline deadline)
      throws IOException, AttachException {
    if (channel.connect(UnixDomainSocketAddress.of(socket))) {
      return;
    }
    SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
    while (!channel.finishConnect()) {
      await(selector, deadline, "connecting to " + socket);
    }
    key.interestOps(0);
  }

  private static void write(
      SocketChannel channel, Selector selector, ByteBuffer bytes, Deadline deadline, Path socket)
      throws IOException, AttachException {
    SelectionKey key = channel.keyFor(selector);
    if (key == null) {
      key = channel.register(selector, 0);
    }
    while (bytes.hasRemaining()) {
      if (channel.write(bytes) == 0) {
        key.interestOps(SelectionKey.OP_WRITE);
        await(selector, deadline, "sending the request to " + socket);
      }
    }
    key.interestOps(0);
  }

  private static byte[] read(
      SocketChannel channel, Selector selector, Deadline deadline, Path socket)
      throws IOException, AttachException {
    SelectionKey key = channel.keyFor(selector);
    key.interestOps(SelectionKey.OP_READ);
    byte[] reply = new byte[64 * 1024];
    int length = 0;
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    while (true) {
      chunk.clear();
      int n = channel.read(chunk);
      if (n < 0) {
        return Arrays.copyOf(reply, length);
      }
      if (n == 0) {
        await(selector, deadline, "waiting for the answer on " + socket);
        continue;
      }
      if (length + n > reply.length) {
        if (reply.length >= MAX_REPLY_BYTES) {
          return Arrays.copyOf(reply, length);
        }
        reply =
            Arrays.copyOf(reply, Math.min(MAX_REPLY_BYTES, Math.max(reply.length * 2, length + n)));
      }
      int take = Math.min(n, reply.length - length);
      System.arraycopy(chunk.array(), 0, reply, length, take);
      length += take;
    }
  }

  private static void await(Selector selector, Deadline deadline, String step)
      throws IOException, AttachException {
    long left = deadline.remainingMillis();
    if (left <= 0 || deadline.passed()) {
      throw new AttachException(
          Reason.NOT_RESPONDING, "no answer within " + deadline.budget() + " while " + step);
    }
    selector.select(left);
    selector.selectedKeys().clear();
  }

  private static AttachException classify(Path socket, IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Permission denied")) {
      // Java reports EACCES on connect() to a 0600 socket as a BindException.
      return new AttachException(
          Reason.PERMISSION_DENIED,
          "the attach socket " + socket + " refused us: permission denied",
          e);
    }
    if (message.contains("Connection refused")) {
      return new AttachException(
          Reason.IO,
          "the attach socket " + socket + " refuses connections (left over from an earlier JVM?)",
          e);
    }
    if (message.contains("No such file")) {
      return new AttachException(Reason.IO, "the attach socket " + socket + " disappeared", e);
    }
    if (message.contains("reset") || message.contains("Broken pipe")) {
      return new AttachException(
          Reason.REJECTED,
          "the JVM closed the connection without answering (it admits only its own user and group,"
              + " or root)",
          e);
    }
    return new AttachException(Reason.IO, "attach socket " + socket + ": " + message, e);
  }
}
