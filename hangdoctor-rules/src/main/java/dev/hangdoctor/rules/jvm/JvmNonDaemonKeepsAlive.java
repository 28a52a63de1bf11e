package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaStacks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The main method has returned ({@code DestroyJavaVM} is left, waiting for the non-daemon threads
 * to end) and every non-daemon thread still alive is idle for good: pool workers waiting for tasks
 * nobody will submit, a {@code Timer} thread with nothing scheduled. The JVM never exits. A JVM
 * kept alive by a server's threads (accepting connections, in a selector) or by threads still
 * working is doing what it was built for and is not this signature.
 */
final class JvmNonDaemonKeepsAlive implements Rule {
  static final String ID = "jvm-non-daemon-keeps-alive";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "main is still running, or the threads keeping the JVM alive are doing something";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    Optional<JavaThread> destroy = stacks.get().byName("DestroyJavaVM");
    if (destroy.isEmpty() || stacks.get().byName("main").isPresent()) {
      return List.of();
    }
    List<JavaThread> keepers =
        stacks.get().applicationThreads().stream()
            .filter(t -> !t.daemon() && !t.virtual())
            .toList();
    if (keepers.isEmpty()
        || !keepers.stream().allMatch(t -> idleForGood(t) && stacks.get().stuck(t))) {
      return List.of();
    }
    return List.of(finding(stacks.get(), destroy.get(), keepers));
  }

  /** A pool worker waiting for a task with no timeout, or a Timer with nothing scheduled. */
  private static boolean idleForGood(JavaThread thread) {
    boolean untimed = "WAITING".equals(thread.state());
    boolean timer = JavaFrames.contains(thread.frames(), "java.util.TimerThread", "mainLoop");
    return untimed && (Pools.idle(thread) || timer);
  }

  private static Finding finding(JavaStacks stacks, JavaThread destroy, List<JavaThread> keepers) {
    JavaThread lead = keepers.get(0);
    Map<String, List<JavaThread>> byPool = new LinkedHashMap<>();
    for (JavaThread keeper : keepers) {
      byPool.computeIfAbsent(Pools.prefix(keeper.name()), k -> new ArrayList<>()).add(keeper);
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "main has returned: only "
            + JavaStacks.who(destroy)
            + " is left of it, waiting for the non-daemon threads to end");
    byPool.forEach(
        (prefix, threads) ->
            evidence.add(
                threads.size()
                    + " non-daemon thread(s) "
                    + threads.stream().map(JavaThread::name).collect(Collectors.joining(", "))
                    + " idle in "
                    + where(threads.get(0))
                    + ", with no timeout, unchanged in every dump"));
    boolean timer = keepers.stream().anyMatch(k -> k.name().startsWith("Timer-"));
    String explanation =
        "The JVM exits only when every non-daemon thread has ended. main has returned, but "
            + keepers.size()
            + " non-daemon thread(s) wait for work that nobody will ever give them: the "
            + (timer ? "Timer or executor" : "executor")
            + " that owns them was never shut down, so they wait for ever and the process never"
            + " exits (a batch job or CLI that \"hangs at the end\").";
    String fix =
        "Shut the executor down when the work is done (executor.shutdown() in a finally block;"
            + " on Java 19+ try-with-resources, ExecutorService is AutoCloseable), or create its"
            + " threads as daemon threads (a ThreadFactory that calls setDaemon(true))"
            + (timer
                ? "; for a java.util.Timer call timer.cancel() or create it with new Timer(true)"
                : "")
            + ". A pool created in a static field (a shared utility executor) needs a daemon thread"
            + " factory.";
    return Findings.about(
        ID,
        "non-daemon threads keep the JVM alive after main returned",
        Confidence.HIGH,
        lead,
        lead.frames().isEmpty()
            ? List.of()
            : List.of(JavaFrames.record(lead.frames().get(whereIndex(lead)))),
        evidence,
        explanation,
        fix);
  }

  private static String where(JavaThread thread) {
    return thread.frames().isEmpty()
        ? "a wait"
        : JavaFrames.shortly(thread.frames().get(whereIndex(thread)));
  }

  /** The frame where an idle worker waits for work: getTask, awaitWork or a Timer's loop. */
  private static int whereIndex(JavaThread thread) {
    int index = 0;
    for (int i = 0; i < thread.frames().size(); i++) {
      JavaFrame frame = thread.frames().get(i);
      if (frame.method().equals("getTask")
          || frame.method().equals("awaitWork")
          || frame.method().equals("mainLoop")) {
        index = i;
        break;
      }
    }
    return index;
  }
}
