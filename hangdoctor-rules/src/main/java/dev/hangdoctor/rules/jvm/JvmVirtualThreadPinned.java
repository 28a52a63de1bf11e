package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaStacks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Virtual threads that block while pinned to their carrier ({@code
 * VirtualThread.parkOnCarrierThread} in the mounted stack, or a class-initialisation wait, which
 * pins on every JDK), stuck over the window. When every carrier of the scheduler is pinned, no
 * other virtual thread can run, the JDK's own I/O pollers included, and the JVM's virtual threads
 * are all stuck (HIGH); a few pinned carriers among free ones only slow it (MEDIUM). Why it pins is
 * read from the frames: a class initializer, a native frame, or (JDK 21–23 only) a {@code
 * synchronized} block.
 */
final class JvmVirtualThreadPinned implements Rule {
  static final String ID = "jvm-virtual-thread-pinned";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no virtual thread is blocked while pinned to its carrier";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    List<JavaThread> pinned = new ArrayList<>();
    for (JavaThread thread : stacks.get().threads()) {
      if (thread.virtual()
          && thread.nativeThreadId() != JavaThread.NOT_MOUNTED
          && pinnedWait(thread, stacks.get().feature())
          && stacks.get().stuck(thread)) {
        pinned.add(thread);
      }
    }
    if (pinned.isEmpty()) {
      return List.of();
    }
    return List.of(finding(stacks.get(), pinned));
  }

  private static boolean pinnedWait(JavaThread thread, int feature) {
    if (JavaFrames.contains(thread.frames(), "java.lang.VirtualThread", "parkOnCarrierThread")) {
      return true;
    }
    JavaLockWait wait = thread.waitingFor();
    if (wait == null) {
      return false;
    }
    return wait.kind() == JavaLockWait.Kind.CLASS_INIT
        || (wait.kind() == JavaLockWait.Kind.MONITOR_ENTER && feature < 24);
  }

  private static Finding finding(JavaStacks stacks, List<JavaThread> pinned) {
    // Lead with the thread whose own blocking call pins (not one waiting behind it).
    List<JavaThread> ordered = new ArrayList<>(pinned);
    ordered.sort(
        Comparator.comparing(
            (JavaThread t) ->
                !JavaFrames.contains(
                    t.frames(), "java.lang.VirtualThread", "parkOnCarrierThread")));
    JavaThread lead = ordered.get(0);
    List<JavaThread> carriers =
        stacks.threads().stream().filter(t -> !t.virtual() && Pools.carrier(t)).toList();
    List<JavaThread> schedulerWorkers = schedulerWorkers(stacks, carriers);
    boolean allPinned =
        !schedulerWorkers.isEmpty()
            && schedulerWorkers.stream()
                .allMatch(
                    w -> pinned.stream().anyMatch(p -> p.nativeThreadId() == w.nativeThreadId()));
    List<JavaThread> waitingForCarrier =
        stacks.threads().stream()
            .filter(
                t ->
                    t.virtual()
                        && t.nativeThreadId() == JavaThread.NOT_MOUNTED
                        && "RUNNABLE".equals(t.state()))
            .toList();
    String cause = cause(lead, stacks.feature());
    String call =
        JavaFrames.call(lead.frames())
            .filter(f -> !f.className().startsWith("java.lang.VirtualThread"))
            .map(f -> f.simpleClassName() + "." + f.method())
            .orElse("a blocking call");
    String at =
        JavaFrames.innermostApplicationFrame(lead.frames())
            .map(JavaFrames::shortly)
            .orElse("its code");
    List<String> evidence = new ArrayList<>();
    for (JavaThread thread : ordered) {
      evidence.add(
          JavaStacks.who(thread)
              + " is pinned to its carrier: "
              + (thread == lead
                  ? "blocked in " + call + " at " + at + ", " + cause
                  : "waits"
                      + Optional.ofNullable(thread.waitingFor())
                          .map(
                              w ->
                                  w.kind() == JavaLockWait.Kind.CLASS_INIT
                                      ? " for class "
                                          + w.object().className()
                                          + " to be initialized"
                                      : " for " + w.object().describe())
                          .orElse("")
                      + JavaFrames.innermostApplicationFrame(thread.frames())
                          .map(f -> " at " + JavaFrames.shortly(f))
                          .orElse(""))
              + ", unchanged in every dump");
    }
    if (!schedulerWorkers.isEmpty()) {
      evidence.add(
          (allPinned ? "all " : "")
              + pinned.size()
              + " of the scheduler's "
              + schedulerWorkers.size()
              + " carrier thread(s) ("
              + schedulerWorkers.stream().map(JavaThread::name).collect(Collectors.joining(", "))
              + ") are pinned");
    }
    if (!waitingForCarrier.isEmpty()) {
      evidence.add(
          waitingForCarrier.size()
              + " virtual thread(s) ready to run wait for a carrier: "
              + waitingForCarrier.stream()
                  .limit(8)
                  .map(t -> t.name().isEmpty() ? "#" + t.javaId() : t.name())
                  .collect(Collectors.joining(", "))
              + (waitingForCarrier.size() > 8 ? ", …" : ""));
    }
    String jdk =
        stacks.feature() >= 24
            ? " On JDK 24 and later (this JVM is "
                + stacks.feature()
                + ") a virtual thread"
                + " blocking inside synchronized no longer pins (JEP 491), but blocking in a class"
                + " initializer or under a native frame still does."
            : " On JDK 21–23 blocking inside synchronized pins too; JDK 24+ releases the carrier"
                + " there (JEP 491), but not in class initializers or native frames.";
    String explanation =
        "A virtual thread that blocks while pinned keeps its carrier thread blocked with it. "
            + (allPinned
                ? "Every carrier of the scheduler is pinned, so no other virtual thread gets a"
                    + " carrier to run on, including the ones that would let these go on (the"
                    + " JDK's I/O pollers run on virtual threads): the virtual threads of this JVM"
                    + " are all stuck."
                : "Pinned carriers are lost to every other virtual thread until the call returns.")
            + jdk;
    String fix =
        "At "
            + at
            + ": "
            + (cause.contains("class initializer")
                ? "do not block in a static initializer: load the data on first use outside"
                    + " <clinit> (a method guarded by a lock, or done at startup on a platform"
                    + " thread)"
                : cause.contains("synchronized")
                    ? "replace the synchronized block around the blocking call with a"
                        + " ReentrantLock (or move to JDK 24+)"
                    : "do not block under a native frame on a virtual thread; run that work on a"
                        + " platform thread pool")
            + ", and give the blocking call a timeout. Raising"
            + " -Djdk.virtualThreadScheduler.parallelism only postpones it.";
    List<PythonFrame> keyFrames = JavaFrames.keyFrames(lead.frames());
    return Findings.about(
        ID,
        "virtual threads pinned to their carriers",
        allPinned ? Confidence.HIGH : Confidence.MEDIUM,
        lead,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** The worker threads of the scheduler the pinned carriers belong to (idle ones included). */
  private static List<JavaThread> schedulerWorkers(JavaStacks stacks, List<JavaThread> carriers) {
    if (carriers.isEmpty()) {
      return List.of();
    }
    String prefix = Pools.prefix(carriers.get(0).name());
    return stacks.threads().stream()
        .filter(
            t ->
                !t.virtual()
                    && t.name().startsWith(prefix)
                    && t.name().length() > prefix.length()
                    && Character.isDigit(t.name().charAt(prefix.length())))
        .toList();
  }

  private static String cause(JavaThread thread, int feature) {
    for (JavaFrame frame : thread.frames()) {
      if (frame.method().equals("<clinit>")) {
        return "inside the class initializer " + JavaFrames.shortly(frame);
      }
    }
    for (JavaFrame frame : thread.frames()) {
      for (JavaLockEvent event : frame.locks()) {
        if (event.kind() == JavaLockEvent.Kind.LOCKED && feature < 24) {
          return "inside synchronized ("
              + event.object().describe()
              + " locked at "
              + JavaFrames.shortly(frame)
              + ")";
        }
      }
    }
    return "under a native frame";
  }
}
