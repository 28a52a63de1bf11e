package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.JavaDeadlock;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaObjectRef;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Java stacks as people know them from {@code jstack}, joined to the kernel: one block per
 * application thread with its full name, Java state and the Linux thread's state and wait (the
 * socket it reads, the futex it sleeps on), frames with the lock lines under them and the owner of
 * the lock it waits for; virtual threads after their carriers; the JVM's own threads one line each
 * at the end; HotSpot's deadlock report last.
 */
public final class JavaStacksRenderer {
  /** Frames shown per thread before the rest is summarised. */
  private final int maxFrames;

  public JavaStacksRenderer(int maxFrames) {
    this.maxFrames = maxFrames;
  }

  /** The header line about the JVM, or why its threads could not be read. */
  public static String jvmLine(JvmStacks stacks) {
    if (stacks.read()) {
      return String.format(
          Locale.ROOT,
          "JVM %s %s (%s, %d ms)",
          stacks.vmName() == null ? "HotSpot" : stacks.vmName(),
          stacks.version() == null ? "" : stacks.version(),
          stacks.source(),
          stacks.readMillis());
    }
    return "Java threads not read: " + stacks.detail();
  }

  /** Every application thread in full, then the JVM's own threads, then HotSpot's deadlocks. */
  public String threads(ProcessSnapshot snapshot) {
    JvmStacks stacks = snapshot.jvm();
    StringBuilder out = new StringBuilder();
    WaitDescriber waits = new WaitDescriber(snapshot);
    Map<Integer, ThreadSnapshot> kernel = new HashMap<>();
    snapshot.threads().forEach(thread -> kernel.put(thread.tid(), thread));
    List<JavaThread> housekeeping = new ArrayList<>();
    for (JavaThread thread : stacks.threads()) {
      if (thread.jvmHousekeeping()) {
        housekeeping.add(thread);
        continue;
      }
      out.append('\n');
      header(out, thread, kernel.get(thread.nativeThreadId()), waits);
      frames(out, thread);
      if (!thread.ownedSynchronizers().isEmpty()) {
        out.append("    holds ")
            .append(
                thread.ownedSynchronizers().stream()
                    .map(JavaObjectRef::describe)
                    .collect(Collectors.joining(", ")))
            .append('\n');
      }
    }
    if (!housekeeping.isEmpty()) {
      out.append("\nJVM threads (").append(housekeeping.size()).append(")\n");
      for (JavaThread thread : housekeeping) {
        ThreadSnapshot task = kernel.get(thread.nativeThreadId());
        out.append(
            String.format(
                Locale.ROOT,
                "  %-28s tid %-7d %s%n",
                Formats.fit(thread.name(), 28),
                thread.nativeThreadId(),
                task == null
                    ? ""
                    : task.state().code() + "  " + waits.describe(task.kernelWait())));
      }
    }
    for (JavaDeadlock deadlock : stacks.deadlocks()) {
      out.append("\nHotSpot reports a Java-level deadlock: ");
      List<String> path = new ArrayList<>();
      for (JavaDeadlock.Edge edge : deadlock.edges()) {
        path.add(
            "\""
                + edge.thread()
                + "\" waits for "
                + edge.resource()
                + " "
                + edge.object().describe()
                + " held by \""
                + edge.heldBy()
                + "\"");
      }
      out.append(String.join("; ", path)).append('\n');
    }
    return out.toString();
  }

  private static void header(
      StringBuilder out, JavaThread thread, ThreadSnapshot task, WaitDescriber waits) {
    out.append('"').append(thread.name()).append('"');
    if (thread.javaId() != JavaThread.NO_ID) {
      out.append(" #").append(thread.javaId());
    }
    if (thread.virtual()) {
      out.append(
          thread.nativeThreadId() == JavaThread.NOT_MOUNTED
              ? " virtual, not mounted"
              : " virtual, on tid " + thread.nativeThreadId());
    } else {
      out.append(" tid ").append(thread.nativeThreadId());
    }
    if (thread.daemon() && !thread.virtual()) {
      out.append(" daemon");
    }
    if (thread.state() != null) {
      out.append("  ").append(thread.state());
      if (thread.stateDetail() != null) {
        out.append(" (").append(thread.stateDetail()).append(')');
      }
    }
    if (thread.carrying()) {
      out.append("  carrying virtual thread #").append(thread.carriedVirtualId());
    }
    if (task != null && !thread.virtual()) {
      out.append("   ")
          .append(task.state().code())
          .append("  ")
          .append(waits.describe(task.kernelWait()));
    }
    out.append('\n');
  }

  private void frames(StringBuilder out, JavaThread thread) {
    List<JavaFrame> frames = thread.frames();
    int shown = Math.min(frames.size(), maxFrames);
    for (JavaFrame frame : frames.subList(0, shown)) {
      out.append("    at ").append(frame.describe()).append('\n');
      for (JavaLockEvent event : frame.locks()) {
        out.append("    - ").append(lockLine(event, thread.waitingFor())).append('\n');
      }
    }
    if (shown < frames.size()) {
      out.append(
          String.format(
              Locale.ROOT,
              "    … %d more frame%s%n",
              frames.size() - shown,
              frames.size() - shown == 1 ? "" : "s"));
    }
  }

  /** {@code waiting to lock <0x…> (a X), held by "b" (tid 7)}. */
  static String lockLine(JavaLockEvent event, JavaLockWait wait) {
    String what =
        switch (event.kind()) {
          case LOCKED -> "locked ";
          case WAITING_TO_LOCK -> "waiting to lock ";
          case WAITING_TO_RELOCK -> "waiting to re-lock in wait() ";
          case WAITING_ON -> "waiting on ";
          case PARKING_FOR -> "parking to wait for ";
          case WAITING_ON_CLASS_INIT -> "waiting for the initialisation of class ";
          case ELIMINATED -> "eliminated ";
        };
    String object =
        event.kind() == JavaLockEvent.Kind.WAITING_ON_CLASS_INIT
            ? event.object().className()
            : event.object().describe();
    String owner = "";
    if (wait != null
        && wait.hasOwner()
        && event.kind() != JavaLockEvent.Kind.LOCKED
        && event.object().equals(wait.object())) {
      owner =
          event.kind() == JavaLockEvent.Kind.WAITING_ON_CLASS_INIT
              ? ", being initialised by \"" + wait.ownerName() + "\" (tid " + wait.ownerTid() + ")"
              : ", held by \"" + wait.ownerName() + "\" (tid " + wait.ownerTid() + ")";
    }
    return what + object + owner;
  }
}
