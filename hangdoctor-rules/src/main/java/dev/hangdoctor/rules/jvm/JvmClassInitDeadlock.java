package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaStacks;
import dev.hangdoctor.rules.internal.JavaWaitGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Threads that each wait for a class whose initialisation another of them is running, in a cycle: a
 * class-initialisation deadlock (a static initializer that touches a subclass, or two classes whose
 * static initializers use each other). The threads show {@code RUNNABLE} and neither HotSpot's
 * deadlock report nor {@code ThreadMXBean} sees it; {@code Thread.print} shows each wait as {@code
 * waiting on the Class initialization monitor for X}, and the initialiser is the thread running
 * {@code X.<clinit>}. Cycles of class initialisations and locks together count too.
 */
final class JvmClassInitDeadlock implements Rule {
  static final String ID = "jvm-class-init-deadlock";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no cycle of threads waiting for each other's class initialization";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    JavaWaitGraph graph = new JavaWaitGraph(stacks.get().threads());
    List<Finding> findings = new ArrayList<>();
    for (List<JavaThread> cycle : graph.cycles()) {
      boolean classInit =
          cycle.stream().anyMatch(t -> t.waitingFor().kind() == JavaLockWait.Kind.CLASS_INIT);
      if (classInit && cycle.stream().allMatch(stacks.get()::stuck)) {
        findings.add(finding(stacks.get(), graph, cycle));
      }
    }
    return findings;
  }

  private static Finding finding(JavaStacks stacks, JavaWaitGraph graph, List<JavaThread> cycle) {
    // Lead with the thread inside a static initializer: that is the code to change.
    List<JavaThread> ordered = new ArrayList<>(cycle);
    ordered.sort(Comparator.comparing((JavaThread t) -> clinit(t).isEmpty()));
    JavaThread lead = ordered.get(0);
    List<String> evidence = new ArrayList<>();
    List<PythonFrame> keyFrames = new ArrayList<>();
    for (JavaThread thread : ordered) {
      evidence.add(edge(thread, graph.holderOf(thread)));
      for (PythonFrame frame : JavaFrames.keyFrames(thread.frames())) {
        if (!keyFrames.contains(frame)) {
          keyFrames.add(frame);
        }
      }
    }
    evidence.add(
        "the threads show RUNNABLE: class-initialization waits are not reported as deadlocks by"
            + " HotSpot or ThreadMXBean");
    for (JavaThread thread : ordered) {
      String kernel = stacks.kernelLine(thread);
      if (!kernel.isEmpty()) {
        evidence.add("tid " + thread.nativeThreadId() + ": " + kernel);
      }
    }
    String initializer =
        clinit(lead).map(JavaFrames::shortly).orElse("the static initializer involved");
    String awaited = simple(lead.waitingFor().object().className());
    String explanation =
        "Class initialization cycle: "
            + initializer
            + " needs class "
            + awaited
            + ", whose initialization another thread has started and which in turn needs a class"
            + " this thread is initializing (a superclass whose static initializer creates its"
            + " subclass, or two classes whose static initializers use each other). Two threads"
            + " started from the two ends and each waits for the other's class initialization;"
            + " the JVM never times that out.";
    String fix =
        "Break the cycle in the static initializer at "
            + initializer
            + ": do not create or use "
            + awaited
            + " while initializing (create the instance lazily, e.g. in a holder class `private"
            + " static final class Holder { static final ... INSTANCE = new "
            + awaited
            + "(); }`, or in a static method), and/or initialize the classes once at startup on"
            + " one thread before other threads use them.";
    return Findings.about(
        ID,
        "class initialization deadlock",
        Confidence.HIGH,
        lead,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String edge(JavaThread thread, JavaThread holder) {
    JavaLockWait wait = thread.waitingFor();
    String running = clinit(thread).map(f -> " runs " + JavaFrames.shortly(f) + " and").orElse("");
    String at =
        JavaFrames.innermostApplicationFrame(thread.frames())
            .filter(f -> clinit(thread).isEmpty())
            .map(f -> " at " + JavaFrames.shortly(f))
            .orElse("");
    if (wait.kind() != JavaLockWait.Kind.CLASS_INIT) {
      return JavaStacks.who(thread)
          + running
          + " waits for "
          + wait.object().describe()
          + at
          + ", held by "
          + JavaStacks.who(holder);
    }
    String by =
        clinit(holder)
            .filter(f -> f.className().equals(wait.object().className()))
            .map(f -> ", whose static initializer " + JavaStacks.who(holder) + " is running")
            .orElse(
                ", whose initialization "
                    + JavaStacks.who(holder)
                    + " started (it waits for a class that must be initialized first)");
    return JavaStacks.who(thread)
        + running
        + " waits for class "
        + wait.object().className()
        + " to be initialized"
        + at
        + by;
  }

  private static Optional<JavaFrame> clinit(JavaThread thread) {
    return thread.frames().stream().filter(f -> f.method().equals("<clinit>")).findFirst();
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
