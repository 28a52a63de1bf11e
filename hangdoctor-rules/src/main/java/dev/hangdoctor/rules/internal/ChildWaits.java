package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which child process a parent's thread waits for: a {@code wait4}/{@code waitid} for that child
 * (or for any child), or an untimed read or poll on pipes the child holds the other end of (as
 * {@code subprocess.run(capture_output=True)} does in {@code communicate()}).
 */
public final class ChildWaits {
  /** {@code waitid}'s idtype for one pid ({@code P_PID}). */
  private static final long P_PID = 1;

  private static final Set<String> PIPE_WAITS =
      Set.of("read", "readv", "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait");

  private ChildWaits() {}

  /** The pid a {@code wait4}/{@code waitid} waits for; -1 for any child; empty for other calls. */
  public static OptionalInt waitedPid(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL || call.arguments().size() < 2) {
      return OptionalInt.empty();
    }
    List<Long> args = call.arguments();
    if ("wait4".equals(call.name())) {
      int pid = (int) (long) args.get(0);
      return OptionalInt.of(pid > 0 ? pid : -1);
    }
    if ("waitid".equals(call.name())) {
      return OptionalInt.of(args.get(0) == P_PID ? (int) (long) args.get(1) : -1);
    }
    return OptionalInt.empty();
  }

  /**
   * The children {@code thread} of {@code parent} waited for over the whole window: by {@code
   * wait4}/{@code waitid}, or by an untimed read or poll while the parent holds (as fd 3 or above)
   * pipes the child also holds.
   */
  public static List<Diagnosis> waitedChildren(
      Inspection parent, ThreadActivity thread, List<Diagnosis> children) {
    List<Diagnosis> waited = new ArrayList<>();
    if (!thread.waitUnchanged()) {
      return waited;
    }
    SyscallState call = thread.kernelWait().syscall();
    OptionalInt pid = waitedPid(call);
    for (Diagnosis child : children) {
      boolean waits =
          pid.isPresent()
              ? pid.getAsInt() == -1 || pid.getAsInt() == child.pid()
              : waitsOnPipes(parent.latest(), call, child.inspection().latest());
      if (waits) {
        waited.add(child);
      }
    }
    return waited;
  }

  private static boolean waitsOnPipes(
      ProcessSnapshot parent, SyscallState call, ProcessSnapshot child) {
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || !PIPE_WAITS.contains(call.name())
        || Waits.timedIdleWait(call).isPresent()) {
      return false;
    }
    OptionalInt readFd = Waits.readFd(call);
    for (FdEntry fd : parent.fds()) {
      boolean candidate = readFd.isPresent() ? fd.fd() == readFd.getAsInt() : fd.fd() > 2;
      if (candidate
          && fd.kind() == FdKind.PIPE
          && holder(child, fd.target()).isPresent()
          && !parentAlsoWrites(parent, fd.target())) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the parent holds the write end of the pipe itself: a forked child (a pre-fork
   * server's worker) inherits both ends of the parent's own pipes, and a parent that can write to a
   * pipe is not waiting for a child to write to it.
   */
  private static boolean parentAlsoWrites(ProcessSnapshot parent, String target) {
    return parent.fds().stream().anyMatch(fd -> fd.target().equals(target) && fd.writes());
  }

  /** The descriptor of {@code process} open on {@code target} ({@code pipe:[123]}), if any. */
  public static Optional<FdEntry> holder(ProcessSnapshot process, String target) {
    return process.fds().stream().filter(fd -> fd.target().equals(target)).findFirst();
  }

  /**
   * The finding that explains why {@code child} is stuck: its own top finding, or, when that only
   * says it waits on a child of its own, the root cause further down. Empty when nothing below is
   * stuck.
   */
  public static Optional<RootCause> rootCause(Diagnosis child, String waitsOnChildRuleId) {
    Finding top = child.findings().isEmpty() ? null : child.findings().get(0);
    if (top != null && !top.ruleId().equals(waitsOnChildRuleId)) {
      return Optional.of(new RootCause(child, top));
    }
    for (Diagnosis grandchild : child.children()) {
      Optional<RootCause> below = rootCause(grandchild, waitsOnChildRuleId);
      if (below.isPresent()) {
        return below;
      }
    }
    return top == null ? Optional.empty() : Optional.of(new RootCause(child, top));
  }

  /** A stuck process and the finding that says why. */
  public record RootCause(Diagnosis process, Finding finding) {}

  /** {@code PID 4235 (python3 report_writer.py)}. */
  public static String describe(Diagnosis process) {
    return "PID "
        + process.pid()
        + " ("
        + process.inspection().latest().process().commandLine()
        + ")";
  }

  /** What a child with no finding does: "busy, 95 % CPU over the window", "idle, 0 % …". */
  public static String activity(Diagnosis child) {
    double cpu = child.inspection().window().processCpuPercent();
    String how = cpu >= 50 ? "busy" : cpu >= 1 ? "working" : "idle";
    return String.format(Locale.ROOT, "%s, %.0f %% CPU over the window", how, cpu);
  }
}
