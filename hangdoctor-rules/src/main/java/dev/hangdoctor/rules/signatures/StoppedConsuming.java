package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketQueueTrend;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Data arrives on a socket and nobody reads it: unread bytes that grew (HIGH) or never went down
 * from a non-zero start (MEDIUM) over the window, while no thread is blocked reading that fd.
 */
final class StoppedConsuming implements Rule {
  static final String ID = "stopped-consuming";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return inspection.window().socketQueues().isEmpty()
        ? "no socket held unread data"
        : "every socket with unread data is drained or being read";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (SocketQueueTrend trend : inspection.window().socketQueues()) {
      Optional<SocketEntry> socket = Lookup.socket(inspection.latest(), trend.fd());
      if (socket.isEmpty() || socket.get().inode() != trend.inode()) {
        continue;
      }
      long unread = socket.get().unreadBytes();
      boolean grew = trend.receiveGrowth() > 0;
      boolean stayed = trend.firstReceiveQueue() > 0 && trend.receiveGrowth() == 0;
      if (unread > 0 && (grew || stayed) && !beingRead(inspection, trend.fd())) {
        findings.add(finding(inspection, socket.get(), trend, grew));
      }
    }
    return findings;
  }

  private static boolean beingRead(Inspection inspection, int fd) {
    for (ThreadActivity thread : inspection.window().threads()) {
      if (Waits.readFd(thread.kernelWait().syscall()).orElse(-1) == fd) {
        return true;
      }
    }
    return false;
  }

  private static Finding finding(
      Inspection inspection, SocketEntry socket, SocketQueueTrend trend, boolean grew) {
    List<String> evidence = new ArrayList<>();
    evidence.add("fd " + socket.fd() + ": " + Lookup.describe(socket));
    evidence.add(
        "unread bytes "
            + trend.firstReceiveQueue()
            + " → "
            + trend.lastReceiveQueue()
            + " across "
            + Lookup.window(inspection)
            + (grew ? " (growing)" : " (not drained)"));
    evidence.add("no thread is blocked reading fd " + socket.fd());
    return new Finding(
        ID,
        "socket no longer read",
        grew ? Confidence.HIGH : Confidence.MEDIUM,
        Finding.PROCESS_WIDE,
        null,
        List.of(),
        evidence,
        "Data from "
            + socket.remote()
            + " waits in the kernel and no thread reads it: the consumer of this connection"
            + " stopped (it is stuck elsewhere, or it forgot the fd). Once the receive buffer is"
            + " full the peer's writes stall too.",
        "Find the code that owns fd "
            + socket.fd()
            + " (the connection to "
            + socket.remote()
            + "): make sure its reader is running and registered for this fd (an event loop"
            + " must keep it in its selector), and read until EOF or close it.");
  }
}
