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
 * from a non-zero start (MEDIUM) over the window, while no thread is blocked reading that fd. Not
 * when a thread of the process spent most of the window waiting for a CPU: on a starved machine the
 * reader may simply not have run yet, which is no sign it stopped. Not on a connection whose peer
 * has closed its side (CLOSE_WAIT and the like): the peer sends nothing more, so nothing stalls; a
 * socket left there is {@code close-wait-leak}'s.
 */
final class StoppedConsuming implements Rule {
  static final String ID = "stopped-consuming";
  private static final double STARVED_PERCENT = 50;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    if (inspection.window().socketQueues().isEmpty()) {
      return "no socket held unread data";
    }
    return starved(inspection)
        ? "unread socket data not judged: threads of the process waited for a CPU most of the"
            + " window"
        : "every socket with unread data is drained or being read";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    if (starved(inspection)) {
      return findings;
    }
    for (SocketQueueTrend trend : inspection.window().socketQueues()) {
      Optional<SocketEntry> socket = Lookup.socket(inspection.latest(), trend.fd());
      if (socket.isEmpty()
          || socket.get().inode() != trend.inode()
          || socket.get().peerFinished()) {
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

  /** A thread runnable but waiting for a CPU for at least half the window. */
  private static boolean starved(Inspection inspection) {
    return inspection.window().threads().stream()
        .anyMatch(t -> t.runqueueWaitPercent() >= STARVED_PERCENT);
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
