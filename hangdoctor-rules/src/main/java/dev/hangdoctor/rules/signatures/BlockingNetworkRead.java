package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.BlockingPops;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A thread blocked reading a connected TCP socket whose peer is alive but sends nothing, in the
 * very same wait for the whole window: a network read without a timeout. A queue consumer idle in a
 * blocking pop ({@link BlockingPops}: Redis BLPOP, an AMQP consumer) waits for work by design and
 * is not judged.
 */
final class BlockingNetworkRead implements Rule {
  static final String ID = "blocking-network-read";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean generic() {
    return true;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no thread sat in a read on a connected TCP socket for the whole window";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      OptionalInt fd = Waits.readFd(thread.kernelWait().syscall());
      if (!thread.waitUnchanged() || fd.isEmpty()) {
        continue;
      }
      Optional<SocketEntry> socket = Lookup.socket(inspection.latest(), fd.getAsInt());
      if (socket.isPresent()
          && socket.get().protocol().isTcp()
          && socket.get().state() == SocketState.ESTABLISHED
          && BlockingPops.waitedIn(inspection, thread.tid()).isEmpty()) {
        findings.add(finding(inspection, thread, socket.get()));
      }
    }
    return findings;
  }

  /** A CPython process, whether or not its stacks could be read. */
  private static boolean isPython(Inspection inspection) {
    PythonStacks python = inspection.latest().python();
    return python != null && python.status() != PythonStacks.Status.NOT_PYTHON;
  }

  private static Finding finding(Inspection inspection, ThreadActivity thread, SocketEntry socket) {
    List<PythonFrame> frames =
        Lookup.pythonThread(inspection.latest(), thread.tid())
            .map(PythonThread::frames)
            .orElse(List.of());
    List<PythonFrame> keyFrames = UserFrames.keyFrames(frames);
    String call = thread.kernelWait().syscall().name();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        thread.kernelWait().describe() + ", unchanged in all " + Lookup.window(inspection));
    evidence.add(
        "fd "
            + socket.fd()
            + ": "
            + Lookup.describe(socket)
            + " (peer connected, "
            + socket.unreadBytes()
            + " bytes unread)");
    evidence.add(String.format(Locale.ROOT, "CPU %.1f %% over the window", thread.cpuPercent()));
    String explanation =
        "The thread waits in "
            + call
            + "() for data from "
            + socket.remote()
            + ", which keeps the connection open but sends nothing. Without a timeout the call"
            + " never returns, and everything waiting on this thread waits with it.";
    String fix =
        keyFrames.isEmpty() && isPython(inspection)
            ? "Add a timeout to the Python call that reads fd "
                + socket.fd()
                + " (its stack could not be read): sock.settimeout(seconds) before reading, or"
                + " socket.create_connection(address, timeout=seconds) (requests, urllib:"
                + " timeout=...), and handle socket.timeout by retrying or failing the request."
            : keyFrames.isEmpty()
                ? "Bound the "
                    + call
                    + "() on fd "
                    + socket.fd()
                    + ": set SO_RCVTIMEO on the socket, or poll() it with a timeout before reading,"
                    + " and treat the timeout as a failed request."
                : "Add a timeout to the call at "
                    + UserFrames.location(keyFrames.get(0))
                    + " ("
                    + keyFrames.get(0).qualifiedName()
                    + "): sock.settimeout(seconds) before reading, or"
                    + " socket.create_connection(address, timeout=seconds) (requests, urllib:"
                    + " timeout=...), and handle socket.timeout by retrying or failing the request.";
    return new Finding(
        ID,
        "blocking network read without a timeout",
        Confidence.HIGH,
        thread.tid(),
        Lookup.threadName(inspection, thread),
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
