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
 * process that has run at least {@code longAfter}, used no CPU in between, has no child that is not
 * stuck itself (it may be waiting for that one) and is no kernel worker; and a parent waiting for a
 * child so marked. Pure.
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
    return of(roots, first, second, Map.of(), settle, longAfter);
  }

  /**
   * As above; {@code pipeHolders} are the processes holding each pipe one of them reads, so a
   * reader whose writer keeps working (a pipeline's consumer) is not marked.
   */
  public static List<ProcessMark> of(
      List<ProcessNode> roots,
      Map<Integer, MainThreadWait> first,
      Map<Integer, MainThreadWait> second,
      Map<String, Set<Integer>> pipeHolders,
      Duration settle,
      Duration longAfter) {
    Looks looks = new Looks(first, second, pipeHolders);
    Map<Integer, ProcessMark> marks = new LinkedHashMap<>();
    for (ProcessNode root : roots) {
      mark(root, looks, settle, longAfter.toMillis(), marks);
    }
    return new ArrayList<>(marks.values());
  }

  /** The two looks at every process, and who holds the pipes they read. */
  private record Looks(
      Map<Integer, MainThreadWait> first,
      Map<Integer, MainThreadWait> second,
      Map<String, Set<Integer>> pipeHolders) {

    /** True when another holder of the pipe {@code wait} reads moved between the looks. */
    boolean pipeWriterWorks(int reader, MainThreadWait wait) {
      String pipe = wait.readTarget();
      if (pipe == null || !pipe.startsWith("pipe:")) {
        return false;
      }
      for (int holder : pipeHolders.getOrDefault(pipe, Set.of())) {
        if (holder != reader && !unchanged(first.get(holder), second.get(holder))) {
          return true;
        }
      }
      return false;
    }
  }

  private static void mark(
      ProcessNode node,
      Looks looks,
      Duration settle,
      long longAfterMillis,
      Map<Integer, ProcessMark> marks) {
    for (ProcessNode child : node.children()) {
      mark(child, looks, settle, longAfterMillis, marks);
    }
    Map<Integer, MainThreadWait> first = looks.first();
    Map<Integer, MainThreadWait> second = looks.second();
    MainThreadWait a = first.get(node.pid());
    MainThreadWait b = second.get(node.pid());
    if (!unchanged(a, b) || a.kernelThread() || kernelWorker(node)) {
      return;
    }
    Optional<ProcessNode> stuckChild = waitedStuckChild(node, a, marks);
    if (stuckChild.isPresent()) {
      marks.put(
          node.pid(),
          new ProcessMark(
              node.pid(),
              ProcessMark.Kind.WAITS_ON_STUCK_CHILD,
              "waits on stuck child PID " + stuckChild.get().pid()));
      return;
    }
    boolean childrenAllStuck = node.children().stream().allMatch(c -> marks.containsKey(c.pid()));
    if (node.elapsedMillis() >= longAfterMillis
        && worthInspecting(a)
        && !readsAPipeWithChildren(node, a)
        && !looks.pipeWriterWorks(node.pid(), a)
        && childrenAllStuck) {
      marks.put(
          node.pid(),
          new ProcessMark(
              node.pid(),
              ProcessMark.Kind.STUCK_WAIT,
              describe(a) + ", unchanged over " + seconds(settle) + " with no wake-up"));
    }
  }

  /**
   * The same wait in both looks, asleep, not woken up in between, and no CPU used by the whole
   * process meanwhile (a main thread joining busy workers waits for them, it is not stuck).
   */
  static boolean unchanged(MainThreadWait a, MainThreadWait b) {
    return a != null
        && b != null
        && (b.state() == TaskState.SLEEPING || b.state() == TaskState.DISK_SLEEP)
        && a.state() == b.state()
        && a.kernelWait().equals(b.kernelWait())
        && a.voluntarySwitches() == b.voluntarySwitches()
        && a.processCpuMillis() == b.processCpuMillis()
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

  /**
   * A parent reading a pipe waits, as {@code subprocess.run(capture_output=True)} does, for its
   * children's output: it is worth inspecting only when a child is stuck (the wait-for-child mark).
   */
  private static boolean readsAPipeWithChildren(ProcessNode node, MainThreadWait wait) {
    return !node.children().isEmpty()
        && wait.readTarget() != null
        && wait.readTarget().startsWith("pipe:");
  }

  private static Optional<ProcessNode> waitedStuckChild(
      ProcessNode node, MainThreadWait wait, Map<Integer, ProcessMark> marks) {
    SyscallState call = wait.kernelWait().syscall();
    boolean pipeRead = readsAPipeWithChildren(node, wait);
    if (!"wait4".equals(call.name()) && !"waitid".equals(call.name()) && !pipeRead) {
      return Optional.empty();
    }
    int waited = pipeRead ? -1 : waitedPid(call);
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
