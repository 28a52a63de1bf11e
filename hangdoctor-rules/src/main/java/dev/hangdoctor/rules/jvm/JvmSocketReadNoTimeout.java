package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaIo;
import dev.hangdoctor.rules.internal.JavaStacks;
import dev.hangdoctor.rules.internal.JavaTimeoutAdvice;
import dev.hangdoctor.rules.internal.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Java thread in a socket read that has no timeout ({@code NioSocketImpl.implRead} with no {@code
 * timedRead}: the default of {@code Socket}, {@code URLConnection} and most clients), on a
 * connected TCP socket whose peer sends nothing, in the same wait for the whole window. The kernel
 * names the socket: a {@code read} on it (JDK 17) or a {@code poll} on it with no timeout (JDK 25).
 */
final class JvmSocketReadNoTimeout implements Rule {
  static final String ID = "jvm-socket-read-no-timeout";

  @Override
  public String id() {
    return ID;
  }

  /** A lock held across the read, an executor waiting for it: those verdicts say more. */
  @Override
  public boolean generic() {
    return true;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no Java thread sat in a socket read without a timeout for the whole window";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (JavaThread thread : stacks.get().applicationThreads()) {
      if (thread.virtual() || !JavaIo.untimedSocketRead(thread.frames())) {
        continue;
      }
      Optional<ThreadActivity> kernel = stacks.get().kernel(thread);
      if (kernel.isEmpty()
          || !kernel.get().waitUnchanged()
          || !JavaIo.waitsForever(kernel.get().kernelWait().syscall())
          || !stacks.get().stuck(thread)) {
        continue;
      }
      Optional<SocketEntry> socket = JavaIo.socket(inspection, kernel.get().kernelWait());
      if (socket.isPresent()
          && socket.get().protocol().isTcp()
          && socket.get().state() == SocketState.ESTABLISHED) {
        findings.add(finding(stacks.get(), thread, kernel.get(), socket.get()));
      }
    }
    return findings;
  }

  static Finding finding(
      JavaStacks stacks, JavaThread thread, ThreadActivity kernel, SocketEntry socket) {
    String call =
        JavaFrames.call(thread.frames())
            .map(f -> f.simpleClassName() + "." + f.method())
            .orElse("a socket read");
    String at =
        JavaFrames.innermostApplicationFrame(thread.frames())
            .map(JavaFrames::shortly)
            .orElse("its caller");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        JavaStacks.who(thread)
            + " blocked in "
            + call
            + " at "
            + at
            + ": a socket read with no timeout (NioSocketImpl.implRead, no timedRead)");
    evidence.add(stacks.kernelLine(thread));
    evidence.add(
        "fd "
            + socket.fd()
            + ": "
            + Lookup.describe(socket)
            + " (peer connected, "
            + socket.unreadBytes()
            + " bytes unread)");
    String explanation =
        "The thread waits for data from "
            + socket.remote()
            + ", which keeps the connection open but sends nothing. A Java socket read without a"
            + " timeout (SO_TIMEOUT 0, the default of Socket and of URLConnection's read timeout)"
            + " waits for ever, and so does everything waiting on this thread.";
    String fix = "At " + at + ": " + JavaTimeoutAdvice.forSocketRead(thread.frames()) + ".";
    return Findings.about(
        ID,
        "Java socket read without a timeout",
        Confidence.HIGH,
        thread,
        JavaFrames.keyFrames(thread.frames()),
        evidence,
        explanation,
        fix);
  }
}
