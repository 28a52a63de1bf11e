package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.evidence.WaitResource;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thread reading a pipe that nobody will ever write to or close: every holder of the pipe's write
 * end is the reader's own process (nothing else in it can go on) or a process that cannot go on
 * either. A read on a pipe returns end of file only once every write end is closed, so a process
 * that forgets to close its own copy after fork waits for ever, most visibly once its child has
 * exited. A pipe whose only write ends are held by the reader's own running children is a wait on
 * those children, judged by {@link WaitsOnChild}: the cause is whatever holds the child.
 */
final class NeverEofPipe implements Rule {
  static final String ID = "never-eof-pipe";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no thread reads a pipe whose write ends nobody can use";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    List<Finding> findings = new ArrayList<>();
    for (WaitNode node : graph.threads(inspection.pid())) {
      if (node.state() != WaitNode.State.BLOCKED) {
        continue;
      }
      List<WaitEdge> writers =
          graph.from(node.id()).stream()
              .filter(e -> e.relation() == WaitEdge.Relation.WRITTEN_BY)
              .filter(e -> e.resource().kind() == WaitResource.Kind.PIPE)
              .filter(e -> !e.resource().detail().endsWith("polled"))
              .toList();
      if (writers.isEmpty() || writers.stream().anyMatch(e -> e.to() == null)) {
        continue;
      }
      if (writers.stream().anyMatch(e -> graph.canProgress(e.to()))) {
        continue;
      }
      if (writers.stream().allMatch(e -> ownLiveChild(inspection, graph, e.to()))) {
        // The reader waits on its own child (an error pipe before exec, a child's stdout): why the
        // child cannot go on is the cause, which waits-on-child names. Closing a write end the
        // reader no longer holds would fix nothing.
        continue;
      }
      findings.add(finding(inspection, graph, node, writers));
    }
    return findings;
  }

  /**
   * True when {@code holderId} is a process forked by the reader's own process and still running: a
   * child that holds the write end because it is the writer (or has not exec'd yet).
   */
  static boolean ownLiveChild(Inspection reader, WaitGraph graph, String holderId) {
    return graph
        .node(holderId)
        .filter(node -> node.kind() == WaitNode.Kind.PROCESS && node.pid() != reader.pid())
        .filter(node -> node.state() != WaitNode.State.EXITED)
        .flatMap(node -> graph.inspection(node.pid()))
        .filter(child -> child.latest().process().ppid() == reader.pid())
        .isPresent();
  }

  private static Finding finding(
      Inspection inspection, WaitGraph graph, WaitNode node, List<WaitEdge> writers) {
    WaitResource pipe = writers.get(0).resource();
    List<PythonFrame> frames = graph.python(node).map(PythonThread::frames).orElse(List.of());
    List<PythonFrame> keyFrames = UserFrames.keyFrames(frames);
    Optional<PythonFrame> user = UserFrames.innermostUserFrame(frames);
    String call = user.map(PythonFrame::call).orElse(null);
    String wait =
        Lookup.activity(inspection, node.tid()).map(t -> t.kernelWait().describe()).orElse("");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "\""
            + node.name()
            + "\" (tid "
            + node.tid()
            + ") reads "
            + pipe.id()
            + " ("
            + pipe.detail()
            + ")"
            + (call == null ? "" : " in " + call + "()")
            + user.map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
                .orElse("")
            + ": "
            + wait
            + ", unchanged in all "
            + Lookup.window(inspection));
    List<String> ownWriteEnds = new ArrayList<>();
    for (FdEntry fd : inspection.latest().fds()) {
      if (fd.target().equals(pipe.id()) && fd.writes()) {
        ownWriteEnds.add("fd " + fd.fd());
      }
    }
    List<String> holders = new ArrayList<>();
    for (WaitEdge edge : writers) {
      graph
          .node(edge.to())
          .ifPresent(
              holder ->
                  holders.add(
                      holder.pid() == inspection.pid()
                          ? "this process itself ("
                              + String.join(", ", ownWriteEnds)
                              + "), whose other threads cannot write either"
                          : "PID "
                              + holder.pid()
                              + " ("
                              + holder.name()
                              + "), which cannot go on"));
    }
    evidence.add(
        "the write end of " + pipe.id() + " is open only in " + String.join("; ", holders));
    List<String> exited = exitedChildren(inspection);
    if (!exited.isEmpty()) {
      evidence.add(
          "child "
              + String.join(", ", exited)
              + " has exited (a zombie, not yet waited for): the writer the read waits for is gone");
    }
    boolean self =
        writers.stream().anyMatch(e -> e.to().equals(WaitNode.processId(inspection.pid())));
    String explanation =
        "A read on a pipe returns end of file only when every copy of its write end is closed. "
            + (self
                ? "This process still holds the write end itself ("
                    + String.join(", ", ownWriteEnds)
                    + "), never closed after fork, so the read can never see end of file"
                : "Every process that holds the write end is itself stuck, so nobody will write or"
                    + " close it")
            + (exited.isEmpty() ? "" : ", although the child that was to write has exited")
            + ": it waits for ever.";
    String fix =
        "Close the write end in the reading process as soon as the child has its copy"
            + user.map(
                    f ->
                        " (in "
                            + f.qualifiedName()
                            + ", right after fork returns in the parent,"
                            + " before "
                            + (call == null ? "the read" : call + "()")
                            + " at "
                            + UserFrames.location(f)
                            + ")")
                .orElse("")
            + ": os.close() the write end there (and the read end in the child), so the read"
            + " returns b\"\" when the child exits or execs; for an error pipe, make the write end"
            + " close-on-exec so a successful exec closes it.";
    return new Finding(
        ID,
        "read on a pipe that never reaches end of file",
        Confidence.HIGH,
        node.tid(),
        node.name(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static List<String> exitedChildren(Inspection inspection) {
    List<String> exited = new ArrayList<>();
    if (inspection.tree() != null) {
      inspection.tree().children().stream()
          .filter(child -> child.state() == TaskState.ZOMBIE)
          .forEach(child -> exited.add("PID " + child.pid()));
    }
    return exited;
  }
}
