package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Java side of one inspection, joined to the kernel's: the Java threads of the latest sample
 * whose dump was read, each thread's kernel activity over the window (by its Linux thread id), and
 * whether a thread stayed on the same code path in every dump of the window.
 */
public final class JavaStacks {
  private final Inspection inspection;
  private final List<JvmStacks> dumps = new ArrayList<>();

  private JavaStacks(Inspection inspection) {
    this.inspection = inspection;
    for (ProcessSnapshot sample : inspection.samples()) {
      if (sample.jvm() != null && sample.jvm().read()) {
        dumps.add(sample.jvm());
      }
    }
  }

  /** The Java side of {@code inspection}, when at least one of its dumps was read. */
  public static Optional<JavaStacks> of(Inspection inspection) {
    JavaStacks stacks = new JavaStacks(inspection);
    return stacks.dumps.isEmpty() ? Optional.empty() : Optional.of(stacks);
  }

  /** The latest dump that was read. */
  public JvmStacks latest() {
    return dumps.get(dumps.size() - 1);
  }

  /** Every thread of the latest dump. */
  public List<JavaThread> threads() {
    return latest().threads();
  }

  /** The application's threads of the latest dump (not the JVM's own). */
  public List<JavaThread> applicationThreads() {
    return threads().stream().filter(thread -> !thread.jvmHousekeeping()).toList();
  }

  public Inspection inspection() {
    return inspection;
  }

  /** The JDK feature version (0 when unknown). */
  public int feature() {
    return latest().feature();
  }

  /** The platform thread of the latest dump running on Linux thread {@code tid}. */
  public Optional<JavaThread> byTid(int tid) {
    return threads().stream()
        .filter(thread -> !thread.virtual() && thread.nativeThreadId() == tid)
        .findFirst();
  }

  /** The thread of the latest dump called {@code name}. */
  public Optional<JavaThread> byName(String name) {
    return threads().stream().filter(thread -> thread.name().equals(name)).findFirst();
  }

  /** How the thread's Linux thread behaved over the window (a virtual thread: its carrier's). */
  public Optional<ThreadActivity> kernel(JavaThread thread) {
    return thread.nativeThreadId() == JavaThread.NOT_MOUNTED
        ? Optional.empty()
        : Lookup.activity(inspection, thread.nativeThreadId());
  }

  /**
   * True when the thread was on the very same code path (class, method and line at every depth) in
   * every dump of the window that shows it, and at least two dumps show it; for a window with one
   * dump, when its Linux thread sat in the same kernel wait throughout.
   */
  public boolean stuck(JavaThread thread) {
    List<JavaThread> seen = new ArrayList<>();
    for (JvmStacks dump : dumps) {
      dump.threads().stream().filter(t -> same(t, thread)).findFirst().ifPresent(seen::add);
    }
    if (seen.size() < 2) {
      return kernel(thread).map(ThreadActivity::waitUnchanged).orElse(false);
    }
    for (JavaThread earlier : seen) {
      if (!JavaFrames.sameStack(earlier.frames(), thread.frames())) {
        return false;
      }
    }
    return seen.size() == dumps.size();
  }

  /** The thread as seen in each dump of the window, oldest first. */
  public List<JavaThread> history(JavaThread thread) {
    List<JavaThread> seen = new ArrayList<>();
    for (JvmStacks dump : dumps) {
      dump.threads().stream().filter(t -> same(t, thread)).findFirst().ifPresent(seen::add);
    }
    return seen;
  }

  /** How many dumps of the window were read. */
  public int dumpCount() {
    return dumps.size();
  }

  /** {@code "settlement-1" (tid 4711)}, or {@code "request-1" (virtual, on tid 4711)}. */
  public static String who(JavaThread thread) {
    String name = thread.name().isEmpty() ? "virtual thread #" + thread.javaId() : thread.name();
    if (thread.virtual()) {
      return "\""
          + name
          + "\" ("
          + (thread.nativeThreadId() == JavaThread.NOT_MOUNTED
              ? "virtual, not mounted"
              : "virtual, on tid " + thread.nativeThreadId())
          + ")";
    }
    return "\"" + name + "\" (tid " + thread.nativeThreadId() + ")";
  }

  /** {@code futex(…) in futex_do_wait, unchanged in all 3 samples over 1.0 s, CPU 0.0 %}. */
  public String kernelLine(JavaThread thread) {
    Optional<ThreadActivity> activity = kernel(thread);
    if (activity.isEmpty()) {
      return "";
    }
    ThreadActivity a = activity.get();
    return waitText(a)
        + (a.waitUnchanged() ? ", unchanged in all " + Lookup.window(inspection) : "")
        + String.format(Locale.ROOT, ", CPU %.1f %%", Math.max(0, a.cpuPercent()));
  }

  /**
   * The kernel wait with the socket it is on: {@code read(5, …) in wait_woken on TCP …}, or for a
   * poll on one socket {@code poll(fd 5, no timeout) in poll_schedule_timeout on TCP …}.
   */
  private String waitText(ThreadActivity thread) {
    KernelWait wait = thread.kernelWait();
    Optional<SocketEntry> socket = JavaIo.socket(inspection, wait);
    SyscallState call = wait.syscall();
    String text = wait.describe();
    if (wait.pollFd() != null && call.status() == SyscallState.Status.IN_SYSCALL) {
      text =
          call.name()
              + "(fd "
              + wait.pollFd()
              + (JavaIo.waitsForever(call) ? ", no timeout" : "")
              + ")"
              + (wait.wchan() == null ? "" : " in " + wait.wchan());
    }
    String described = text;
    return socket.map(s -> described + " on " + Lookup.describe(s)).orElse(described);
  }

  private static boolean same(JavaThread a, JavaThread b) {
    return a.javaId() == b.javaId() && a.name().equals(b.name()) && a.virtual() == b.virtual();
  }
}
