package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parent waiting for a child (its exit or its output) while the child sits reading its standard
 * input, which it inherited from the parent: the parent's own stdin, or a pipe the parent opened
 * for it and never writes. Nobody feeds the child, and the parent waits for the child: both wait
 * for ever. Reported on the parent's waiting thread, since the fix is in the code that starts the
 * child.
 */
final class ChildWaitsOnInheritedStdin implements Rule {
  static final String ID = "child-waits-on-inherited-stdin";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no child this process waits for sits reading the stdin it inherited";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    List<Finding> findings = new ArrayList<>();
    for (WaitNode parentThread : graph.threads(inspection.pid())) {
      if (parentThread.state() != WaitNode.State.BLOCKED) {
        continue;
      }
      for (WaitEdge edge : graph.from(parentThread.id())) {
        if (edge.to() == null
            || (edge.relation() != WaitEdge.Relation.EXIT_OF
                && edge.relation() != WaitEdge.Relation.WRITTEN_BY)) {
          continue;
        }
        Optional<WaitNode> child = graph.node(edge.to());
        if (child.isEmpty()
            || child.get().kind() != WaitNode.Kind.PROCESS
            || child.get().pid() == inspection.pid()) {
          continue;
        }
        Optional<Inspection> childInspection = graph.inspection(child.get().pid());
        if (childInspection.isEmpty()
            || childInspection.get().latest().process().ppid() != inspection.pid()) {
          continue;
        }
        Optional<Finding> finding =
            stdinReader(inspection, childInspection.get(), graph)
                .map(
                    reader ->
                        finding(inspection, graph, parentThread, childInspection.get(), reader));
        if (finding.isPresent()) {
          findings.add(finding.get());
          break;
        }
      }
    }
    return findings;
  }

  private record StdinReader(
      ThreadActivity thread,
      FdEntry stdin,
      boolean sharedWithParent,
      List<String> writers,
      boolean writersStuck) {}

  /** The child's thread reading fd 0, when that fd is a pipe, FIFO or terminal it inherited. */
  private static Optional<StdinReader> stdinReader(
      Inspection parent, Inspection child, WaitGraph graph) {
    Optional<FdEntry> stdin = child.latest().fds().stream().filter(fd -> fd.fd() == 0).findFirst();
    if (stdin.isEmpty()) {
      return Optional.empty();
    }
    FdEntry in = stdin.get();
    boolean terminal = in.target().startsWith("/dev/pts/") || in.target().startsWith("/dev/tty");
    if (in.kind() != FdKind.PIPE && in.kind() != FdKind.FIFO && !terminal) {
      return Optional.empty();
    }
    boolean shared =
        parent.latest().fds().stream()
            .anyMatch(fd -> fd.fd() == 0 && fd.target().equals(in.target()));
    boolean parentWrites =
        parent.latest().fds().stream()
            .anyMatch(fd -> fd.target().equals(in.target()) && fd.writes());
    if (!shared && !parentWrites) {
      return Optional.empty();
    }
    for (ThreadActivity thread : child.window().threads()) {
      SyscallState call = thread.kernelWait().syscall();
      if (!thread.waitUnchanged()
          || call.status() != SyscallState.Status.IN_SYSCALL
          || !"read".equals(call.name())
          || call.arguments().isEmpty()
          || call.arguments().get(0) != 0) {
        continue;
      }
      String id = WaitNode.threadId(child.pid(), thread.tid());
      List<String> writers = new ArrayList<>();
      boolean stuck = true;
      for (WaitEdge edge : graph.from(id)) {
        if (edge.relation() == WaitEdge.Relation.WRITTEN_BY && edge.to() != null) {
          Optional<WaitNode> writer = graph.node(edge.to());
          if (writer.isPresent()) {
            if (writer.get().pid() == child.pid()) {
              return Optional.empty();
            }
            boolean isParent = writer.get().pid() == parent.pid();
            writers.add(
                isParent
                    ? "this process (PID " + parent.pid() + "), which waits for the child"
                    : "PID " + writer.get().pid() + " (" + writer.get().name() + ")");
            stuck &= isParent || !graph.canProgress(writer.get().id());
          }
        }
      }
      return Optional.of(new StdinReader(thread, in, shared, writers, stuck && !writers.isEmpty()));
    }
    return Optional.empty();
  }

  private static Finding finding(
      Inspection parent,
      WaitGraph graph,
      WaitNode parentThread,
      Inspection child,
      StdinReader reader) {
    List<PythonFrame> parentFrames =
        graph.python(parentThread).map(PythonThread::frames).orElse(List.of());
    Optional<PythonFrame> start = UserFrames.innermostUserFrame(parentFrames);
    List<PythonFrame> keyFrames = UserFrames.keyFrames(parentFrames);
    List<PythonFrame> childFrames =
        Lookup.pythonThread(child.latest(), reader.thread().tid())
            .map(PythonThread::frames)
            .orElse(List.of());
    Optional<PythonFrame> childUser = UserFrames.innermostUserFrame(childFrames);
    String call = start.map(PythonFrame::call).orElse(null);
    String childCommand = child.latest().process().commandLine();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "\""
            + parentThread.name()
            + "\" (tid "
            + parentThread.tid()
            + ") waits for child PID "
            + child.pid()
            + (call == null ? "" : " in " + call + "()")
            + start
                .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
                .orElse("")
            + ": "
            + Lookup.activity(parent, parentThread.tid())
                .map(t -> t.kernelWait().describe())
                .orElse("")
            + ", unchanged in all "
            + Lookup.window(parent));
    evidence.add(
        "child PID "
            + child.pid()
            + " ("
            + childCommand
            + ") reads its stdin: "
            + reader.thread().kernelWait().describe()
            + childUser
                .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
                .orElse("")
            + ", unchanged in all "
            + Lookup.window(child));
    evidence.add(
        "its fd 0 is "
            + reader.stdin().target()
            + (reader.sharedWithParent()
                ? ", the same as this process's own stdin: inherited"
                : ", a pipe this process opened for it and holds the write end of"));
    if (!reader.writers().isEmpty()) {
      evidence.add("the write end is held by " + String.join("; ", reader.writers()));
    }
    String explanation =
        "The child waits for input on the stdin it inherited from this process, and nobody"
            + " writes to it"
            + (reader.sharedWithParent()
                ? " (this process's own stdin is not a terminal anyone types into)"
                : "")
            + ", while this process waits for the child to finish: each waits for the other.";
    String fix =
        "Start the child with its own stdin"
            + start
                .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
                .orElse("")
            + ": pass stdin=subprocess.DEVNULL to "
            + (call == null ? "subprocess.run/Popen" : call + "()")
            + " when it needs no input, or give it its input (input=... /"
            + " proc.communicate(input=...)), and bound the wait with timeout=... so a child that"
            + " waits for input is killed instead of hanging the run.";
    return new Finding(
        ID,
        "child PID " + child.pid() + " waits on the stdin it inherited",
        reader.writersStuck() ? Confidence.HIGH : Confidence.MEDIUM,
        parentThread.tid(),
        parentThread.name(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
