package dev.hangdoctor.diagnosis.ps;

import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessMark;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which processes of a forest {@code hangdoctor ps} marks as worth inspecting, from two looks at
 * each main thread a settle time apart: a wait that never changed, with no wake-up in between, that
 * is none of what an idle process does (a plain sleep, a wait with a timeout, an event loop or a
 * listener waiting for work, a shell reading its terminal, a parent waiting for a child), in a
 * process that has run at least {@code longAfter} and is no kernel worker; and a parent waiting for
 * a child so marked. Pure.
 */
public final class ProcessMarks {
  /** Waits that end by themselves or wait for nothing in particular. */
  private static final Set<String> PLAIN_SLEEPS =
      Set.of("nanosleep", "clock_nanosleep", "pause", "rt_sigsuspend", "sigsuspend");

  /** How an idle program waits for work: an event loop, a listener, a parent. */
  private static final Set<String> IDLE_WAITS =
      Set.of(
          "epoll_wait",
          "epoll_pwait",
          "epoll_pwait2",
          "poll",
          "ppoll",
          "select",
          "pselect6",
          "accept",
          "accept4",
          "wait4",
          "waitid",
          "rt_sigtimedwait",
          "sigwaitinfo");

  /** Calls whose timeout argument, when not null, means the wait ends by itself: index. */
  private static final Map<String, Integer> TIMEOUT_POINTER = Map.of("futex", 3);

  private ProcessMarks() {}

  /**
   * The marks of every process in {@code roots}, children before parents; {@code first} and {@code
   * second} are the two looks by pid (absent: gone, or unreadable).
   */
  public static List<ProcessMark> of(
      List<ProcessNode> roots,
      Map<Integer, MainThreadWait> first,
      Map<Integer, MainThreadWait> second,
      Duration settle,
      Duration longAfter) {
    Map<Integer, ProcessMark> marks = new LinkedHashMap<>();
    for (ProcessNode root : roots) {
      mark(root, first, second, settle, longAfter.toMillis(), marks);
    }
    return new ArrayList<>(marks.values());
  }

  private static void mark(
      ProcessNode node,
      Map<Integer, MainThreadWait> first,
      Map<Integer, MainThreadWait> second,
      Duration settle,
      long longAfterMillis,
      Map<Integer, ProcessMark> marks) {
    for (ProcessNode child : node.children()) {
      mark(child, first, second, settle, longAfterMillis, marks);
    }
    MainThreadWait a = first.get(node.pid());
    MainThreadWait b = second.get(node.pid());
    if (!unchanged(a, b) || a.kernelThread() || kernelWorker(node)) {
      return;
    }
    Optional<ProcessNode> stuckChild = waitedStuckChild(node, a.kernelWait().syscall(), marks);
    if (stuckChild.isPresent()) {
      marks.put(
          node.pid(),
          new ProcessMark(
              node.pid(),
              ProcessMark.Kind.WAITS_ON_STUCK_CHILD,
              "waits on stuck child PID " + stuckChild.get().pid()));
      return;
    }
    if (node.elapsedMillis() >= longAfterMillis && worthInspecting(a)) {
      marks.put(
          node.pid(),
          new ProcessMark(
              node.pid(),
              ProcessMark.Kind.STUCK_WAIT,
              describe(a) + ", unchanged over " + seconds(settle) + " with no wake-up"));
    }
  }

  /** The same wait in both looks, asleep, and not woken up in between. */
  static boolean unchanged(MainThreadWait a, MainThreadWait b) {
    return a != null
        && b != null
        && (b.state() == TaskState.SLEEPING || b.state() == TaskState.DISK_SLEEP)
        && a.state() == b.state()
        && a.kernelWait().equals(b.kernelWait())
        && a.voluntarySwitches() == b.voluntarySwitches()
        && a.kernelWait().syscall().status() == SyscallState.Status.IN_SYSCALL;
  }

  /** A wait none of an idle program's, or any uninterruptible one. */
  static boolean worthInspecting(MainThreadWait wait) {
    if (wait.state() == TaskState.DISK_SLEEP) {
      return true;
    }
    SyscallState call = wait.kernelWait().syscall();
    String name = call.name();
    if (name == null || PLAIN_SLEEPS.contains(name) || IDLE_WAITS.contains(name)) {
      return false;
    }
    Integer timeout = TIMEOUT_POINTER.get(name);
    if (timeout != null
        && call.arguments().size() > timeout
        && call.arguments().get(timeout) != 0) {
      return false;
    }
    String target = wait.readTarget();
    return target == null || !(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty"));
  }

  private static Optional<ProcessNode> waitedStuckChild(
      ProcessNode node, SyscallState call, Map<Integer, ProcessMark> marks) {
    if (!"wait4".equals(call.name()) && !"waitid".equals(call.name())) {
      return Optional.empty();
    }
    int waited = waitedPid(call);
    return node.children().stream()
        .filter(child -> waited == -1 || child.pid() == waited)
        .filter(child -> marks.containsKey(child.pid()))
        .findFirst();
  }

  /** The pid of a {@code wait4}/{@code waitid(P_PID)}; -1 for any child. */
  private static int waitedPid(SyscallState call) {
    if (call.arguments().size() < 2) {
      return -1;
    }
    if ("wait4".equals(call.name())) {
      int pid = (int) (long) call.arguments().get(0);
      return pid > 0 ? pid : -1;
    }
    return call.arguments().get(0) == 1 ? (int) (long) call.arguments().get(1) : -1;
  }

  /** kthreadd and its children: no user space, no command line. */
  private static boolean kernelWorker(ProcessNode node) {
    return node.cmdline().isEmpty() && (node.pid() == 2 || node.ppid() == 2);
  }

  private static String describe(MainThreadWait wait) {
    KernelWait kernel = wait.kernelWait();
    SyscallState call = kernel.syscall();
    String text =
        wait.readTarget() != null && !call.arguments().isEmpty()
            ? call.name() + "(fd " + call.arguments().get(0) + ": " + wait.readTarget() + ")"
            : call.describe();
    text = Objects.requireNonNullElse(text, "?");
    if (wait.state() == TaskState.DISK_SLEEP) {
      text += " in uninterruptible sleep (D)";
    }
    return kernel.wchan() == null ? text : text + " in " + kernel.wchan();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
