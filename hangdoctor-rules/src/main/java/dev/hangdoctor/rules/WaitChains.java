package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.internal.ChildWaits;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The wait edges from a process to its children that the evidence proves: a thread of the parent
 * that sat, for the whole window, in {@code wait4}/{@code waitid} for that child (or for any child,
 * and it is one: its parent pid says so), in a read or poll of a pipe the child holds the other end
 * of, or in a read of a TCP connection whose other end the child holds. A verdict names a root
 * cause below the target only along these edges. Unix sockets are not followed: {@code /proc} does
 * not say which socket is a Unix socket's peer.
 */
public final class WaitChains {
  private WaitChains() {}

  /**
   * One proven edge: thread {@code tid} of the parent waits on {@code child} through {@code how}.
   */
  public record Edge(int tid, Diagnosis child, String how) {}

  /** The proven edges from {@code parent} to its children, in thread order. */
  public static List<Edge> edges(Diagnosis parent) {
    Inspection inspection = parent.inspection();
    List<Diagnosis> ownChildren = new ArrayList<>();
    for (Diagnosis child : parent.children()) {
      if (child.inspection().latest().process().ppid() == parent.pid()) {
        ownChildren.add(child);
      }
    }
    List<Edge> edges = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (!thread.waitUnchanged()) {
        continue;
      }
      SyscallState call = thread.kernelWait().syscall();
      String how = ChildWaits.waitedPid(call).isPresent() ? call.name() : "a pipe";
      for (Diagnosis child : ChildWaits.waitedChildren(inspection, thread, ownChildren)) {
        edges.add(new Edge(thread.tid(), child, how));
      }
      OptionalInt fd = Waits.readFd(call);
      if (fd.isPresent()) {
        Lookup.socket(inspection.latest(), fd.getAsInt())
            .ifPresent(
                socket -> {
                  for (Diagnosis child : ownChildren) {
                    if (holdsOtherEnd(child.inspection().latest(), socket)) {
                      edges.add(new Edge(thread.tid(), child, "a socket"));
                    }
                  }
                });
      }
    }
    return edges;
  }

  private static boolean holdsOtherEnd(ProcessSnapshot child, SocketEntry socket) {
    if (!socket.protocol().isTcp() || socket.local() == null || socket.remote() == null) {
      return false;
    }
    return child.sockets().stream()
        .anyMatch(
            theirs ->
                socket.remote().equals(theirs.local()) && socket.local().equals(theirs.remote()));
  }
}
