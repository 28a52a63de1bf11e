package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Blocking I/O in a Java stack and the socket under it. A socket read without a timeout is {@code
 * NioSocketImpl.implRead} with no {@code timedRead} frame (JDK 13+: {@code read0} straight away on
 * 17, a {@code Net.poll} with no timeout on 25), the classic {@code SocketInputStream.socketRead0},
 * or a blocking {@code SocketChannel} read; the kernel names the descriptor, in {@code read} or in
 * a {@code poll} on that one descriptor.
 */
public final class JavaIo {
  private JavaIo() {}

  /** True when the stack is in a socket read that has no timeout. */
  public static boolean untimedSocketRead(List<JavaFrame> frames) {
    boolean nioRead = JavaFrames.contains(frames, "sun.nio.ch.NioSocketImpl", "implRead");
    boolean timed = JavaFrames.contains(frames, "sun.nio.ch.NioSocketImpl", "timedRead");
    if (nioRead) {
      return !timed;
    }
    if (JavaFrames.contains(frames, "java.net.SocketInputStream", "socketRead0")) {
      return true;
    }
    return JavaFrames.contains(frames, "sun.nio.ch.SocketChannelImpl", "read")
        && !JavaFrames.containsClass(frames, "sun.nio.ch.SelectorImpl");
  }

  /** True when the stack is in any socket read, with or without a timeout. */
  public static boolean socketRead(List<JavaFrame> frames) {
    return untimedSocketRead(frames)
        || JavaFrames.contains(frames, "sun.nio.ch.NioSocketImpl", "timedRead");
  }

  /** The descriptor a blocked thread reads or polls. */
  public static OptionalInt fd(KernelWait wait) {
    OptionalInt read = Waits.readFd(wait.syscall());
    if (read.isPresent()) {
      return read;
    }
    SyscallState call = wait.syscall();
    if (wait.pollFd() != null && call.status() == SyscallState.Status.IN_SYSCALL) {
      return OptionalInt.of(wait.pollFd());
    }
    return OptionalInt.empty();
  }

  /** The socket a blocked thread reads or polls, from the latest sample. */
  public static Optional<SocketEntry> socket(Inspection inspection, KernelWait wait) {
    OptionalInt fd = fd(wait);
    return fd.isPresent() ? Lookup.socket(inspection.latest(), fd.getAsInt()) : Optional.empty();
  }

  /** True when a poll-like kernel wait has no timeout (a plain read never has one). */
  public static boolean waitsForever(SyscallState call) {
    if (Waits.readFd(call).isPresent()) {
      return true;
    }
    if (call.status() != SyscallState.Status.IN_SYSCALL || call.name() == null) {
      return false;
    }
    return switch (call.name()) {
      case "poll" -> call.arguments().size() > 2 && (int) (long) call.arguments().get(2) < 0;
      case "ppoll" -> call.arguments().size() > 2 && call.arguments().get(2) == 0;
      default -> false;
    };
  }
}
