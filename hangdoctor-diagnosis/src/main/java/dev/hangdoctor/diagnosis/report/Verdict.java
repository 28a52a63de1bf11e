package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Headline;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.rules.WaitChains;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The headline of a diagnosis tree, the one policy for it. {@code chain} runs from the target down
 * a real wait chain ({@link WaitChains}: a thread waiting on a child through {@code wait4}, a pipe
 * or a socket) as long as the process it reaches is itself stuck; the root cause is named only
 * along it. {@code process} is the process the headline is about and {@code lead} its finding:
 *
 * <ul>
 *   <li>{@link Kind#HANG}: the first finding of the chain's end; or, when the chain's end has none,
 *       the most certain finding elsewhere in the tree, which is then not called the root cause
 *       ({@link #onChain()} is false);
 *   <li>{@link Kind#STOPPED}: no finding, but a process is stopped (SIGSTOP, Ctrl+Z, a tracer), so
 *       it runs no code: never healthy;
 *   <li>{@link Kind#COULD_NOT_LOOK}: no finding, and hangdoctor could not look at part of what it
 *       needs ({@link Diagnosis#blindSpots()}): never "no hang found";
 *   <li>{@link Kind#NO_HANG}: none of these.
 * </ul>
 */
public record Verdict(Kind kind, List<Diagnosis> chain, Diagnosis process, Optional<Finding> lead) {
  /** What the headline says. */
  public enum Kind {
    HANG,
    STOPPED,
    COULD_NOT_LOOK,
    NO_HANG
  }

  /** The rule id of a finding that only says a process waits on a stuck child. */
  static final String WAITS_ON_CHILD = "waits-on-child";

  /** The rule id of a read on a pipe whose write end nobody will close. */
  static final String NEVER_EOF_PIPE = "never-eof-pipe";

  private static final Set<String> PIPE_READS = Set.of("read", "readv");

  public Verdict {
    chain = List.copyOf(chain);
  }

  public static Verdict of(Diagnosis root) {
    List<Diagnosis> chain = waitChain(root);
    Diagnosis end = chain.get(chain.size() - 1);
    if (!end.findings().isEmpty()) {
      return new Verdict(Kind.HANG, chain, end, Optional.of(end.findings().get(0)));
    }
    Optional<Diagnosis> elsewhere =
        root.flatten().stream()
            .filter(d -> !d.findings().isEmpty())
            .min(Comparator.comparing(d -> d.findings().get(0).confidence()));
    if (elsewhere.isPresent()) {
      Diagnosis process = elsewhere.get();
      return new Verdict(Kind.HANG, chain, process, Optional.of(process.findings().get(0)));
    }
    Optional<Diagnosis> stopped = root.flatten().stream().filter(Verdict::stopped).findFirst();
    if (stopped.isPresent()) {
      return new Verdict(Kind.STOPPED, chain, stopped.get(), Optional.empty());
    }
    Optional<Diagnosis> blind =
        root.flatten().stream().filter(d -> !d.blindSpots().isEmpty()).findFirst();
    if (blind.isPresent()) {
      return new Verdict(Kind.COULD_NOT_LOOK, chain, blind.get(), Optional.empty());
    }
    return new Verdict(Kind.NO_HANG, chain, root, Optional.empty());
  }

  /** What the report's first line says, for programs (the JSON's {@code headline}). */
  public Headline headline() {
    return new Headline(
        Headline.Kind.valueOf(kind.name()),
        process.pid(),
        chain.stream().map(Diagnosis::pid).toList(),
        onChain(),
        lead.map(Finding::ruleId).orElse(null),
        lead.map(Finding::tid).orElse(0),
        Words.verdictLine(this));
  }

  /** True for a hang, or a stopped process: something the user must act on. */
  public boolean hangFound() {
    return kind == Kind.HANG || kind == Kind.STOPPED;
  }

  /** The target the diagnosis was asked for. */
  public Diagnosis target() {
    return chain.get(0);
  }

  /** True when the headline's process lies below the target. */
  public boolean inDescendant() {
    return process != target();
  }

  /** True when the headline's process is reached from the target along a real wait chain. */
  public boolean onChain() {
    return chain.get(chain.size() - 1) == process;
  }

  /** Every blind spot in the tree, the headline's process first. */
  public List<BlindSpot> blindSpots() {
    List<BlindSpot> spots = new ArrayList<>(process.blindSpots());
    for (Diagnosis d : target().flatten()) {
      if (d != process) {
        spots.addAll(d.blindSpots());
      }
    }
    return spots;
  }

  /** True when the kernel refused part of what the verdict needed. */
  public boolean refused() {
    return target().flatten().stream()
        .flatMap(d -> d.blindSpots().stream())
        .anyMatch(spot -> spot.kind() == BlindSpot.Kind.REFUSED);
  }

  /** A process stopped by a signal or a tracer at the last sample. */
  public static boolean stopped(Diagnosis process) {
    if (process.inspection().samples().isEmpty()) {
      return false; // nothing was sampled (a diagnosis built from a saved report, or a test's)
    }
    TaskState state = process.inspection().latest().process().state();
    return state == TaskState.STOPPED || state == TaskState.TRACING_STOP;
  }

  /**
   * From the target down: while the current process has no finding of its own (none, or only that
   * it waits on a child), follow a proven wait edge to a child whose own chain ends in trouble.
   */
  private static List<Diagnosis> waitChain(Diagnosis root) {
    List<Diagnosis> chain = new ArrayList<>();
    Diagnosis current = root;
    chain.add(current);
    while (!ownFinding(current)) {
      Optional<Diagnosis> next = troubledChild(current);
      if (next.isEmpty()) {
        break;
      }
      current = next.get();
      chain.add(current);
    }
    return chain;
  }

  /**
   * True when {@code child} leads with a pipe that never reaches end of file whose write end only
   * its siblings hold: they inherited it from {@code parent} when it forked them (a pipe end
   * without close-on-exec), so the code to change is the parent's, which stays the headline, not
   * the reader that waits (popen-noshell#7: each later child kept the earlier pipes' write ends).
   */
  private static boolean writeEndLeakedIntoSiblings(Diagnosis parent, Diagnosis child) {
    if (child.findings().isEmpty()
        || !child.findings().get(0).ruleId().equals(NEVER_EOF_PIPE)
        || child.inspection().samples().isEmpty()) {
      return false;
    }
    int tid = child.findings().get(0).tid();
    Optional<String> pipe =
        child.inspection().window().threads().stream()
            .filter(t -> t.tid() == tid)
            .map(t -> t.kernelWait().syscall())
            .filter(call -> PIPE_READS.contains(call.name()) && !call.arguments().isEmpty())
            .flatMap(
                call ->
                    child.inspection().latest().fds().stream()
                        .filter(fd -> fd.fd() == call.arguments().get(0))
                        .filter(fd -> fd.kind() == FdKind.PIPE)
                        .map(FdEntry::target))
            .findFirst();
    if (pipe.isEmpty() || holdsWriteEnd(parent, pipe.get())) {
      return false;
    }
    boolean siblingHolds = false;
    for (Diagnosis sibling : parent.children()) {
      if (sibling != child && holdsWriteEnd(sibling, pipe.get())) {
        siblingHolds = true;
      }
    }
    return siblingHolds;
  }

  private static boolean holdsWriteEnd(Diagnosis process, String pipe) {
    return !process.inspection().samples().isEmpty()
        && process.inspection().latest().fds().stream()
            .anyMatch(fd -> fd.target().equals(pipe) && fd.writes());
  }

  private static boolean ownFinding(Diagnosis process) {
    return !process.findings().isEmpty()
        && !process.findings().get(0).ruleId().equals(WAITS_ON_CHILD);
  }

  private static Optional<Diagnosis> troubledChild(Diagnosis process) {
    Diagnosis stoppedChild = null;
    for (WaitChains.Edge edge : WaitChains.edges(process)) {
      Diagnosis child = edge.child();
      if (child.hangFound() && !writeEndLeakedIntoSiblings(process, child)) {
        return Optional.of(child);
      }
      if (stoppedChild == null && stopped(child)) {
        stoppedChild = child;
      }
    }
    return Optional.ofNullable(stoppedChild);
  }
}
