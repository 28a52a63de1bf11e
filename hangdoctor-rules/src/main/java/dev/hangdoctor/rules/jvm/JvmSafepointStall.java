package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JvmThreadNames;
import dev.hangdoctor.rules.internal.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JVM that does not answer its attach socket, read from the kernel alone: it is stuck in a
 * safepoint (every Java thread stopped for a VM operation, a GC or the thread dump itself, and one
 * thread that keeps running without reaching it: a loop the JIT compiled without safepoint polls),
 * or in a garbage collection that does not end (the GC threads busy). The VM's own threads are told
 * by their kernel names; the stalled thread is the one application thread on a CPU.
 */
final class JvmSafepointStall implements Rule {
  static final String ID = "jvm-safepoint-stall";

  /** A thread at or above this CPU % over the window is running, not stopped. */
  static final double RUNNING_CPU_PERCENT = 50;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "the JVM answered, or is not a JVM";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    ProcessSnapshot latest = inspection.latest();
    JvmStacks jvm = latest.jvm();
    if (jvm == null || jvm.status() != JvmStacks.Status.NOT_RESPONDING) {
      return List.of();
    }
    List<ThreadActivity> vmThread = new ArrayList<>();
    List<ThreadActivity> gc = new ArrayList<>();
    List<ThreadActivity> running = new ArrayList<>();
    List<ThreadActivity> stopped = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      String name = thread.name() == null ? "" : thread.name();
      boolean vm = JvmThreadNames.isVmThread(name);
      boolean busy = thread.cpuPercent() >= RUNNING_CPU_PERCENT;
      if (name.equals("VM Thread")) {
        vmThread.add(thread);
      } else if (JvmThreadNames.isGcThread(name)) {
        if (busy) {
          gc.add(thread);
        }
      } else if (!vm) {
        (busy || thread.state() == TaskState.RUNNING ? running : stopped).add(thread);
      }
    }
    if (!running.isEmpty()) {
      return List.of(straggler(inspection, jvm, vmThread, running, stopped));
    }
    if (!gc.isEmpty()) {
      return List.of(stuckInGc(inspection, jvm, gc, stopped));
    }
    return List.of(wedged(inspection, jvm, stopped));
  }

  private static Finding straggler(
      Inspection inspection,
      JvmStacks jvm,
      List<ThreadActivity> vmThread,
      List<ThreadActivity> running,
      List<ThreadActivity> stopped) {
    ThreadActivity lead = running.get(0);
    List<String> evidence = new ArrayList<>();
    evidence.add("the JVM did not answer: " + jvm.detail());
    for (ThreadActivity thread : running) {
      evidence.add(
          String.format(
              Locale.ROOT,
              "\"%s\" (tid %d) keeps running at %.0f %% CPU (%s): the thread the safepoint waits for",
              thread.name(),
              thread.tid(),
              thread.cpuPercent(),
              thread.kernelWait().describe()));
    }
    vmThread.forEach(
        vm ->
            evidence.add(
                String.format(
                    Locale.ROOT,
                    "\"VM Thread\" (tid %d) %s, %.0f %% CPU: it is bringing every thread to a"
                        + " safepoint",
                    vm.tid(),
                    vm.kernelWait().describe(),
                    vm.cpuPercent())));
    evidence.add(stoppedLine(inspection, stopped));
    String collector = collector(inspection);
    if (!collector.isEmpty()) {
      evidence.add(collector);
    }
    String explanation =
        "The JVM is stuck in a safepoint: it stopped every Java thread for a VM operation (a"
            + " garbage collection, a deoptimization, a thread dump) and waits for the last one,"
            + " \""
            + lead.name()
            + "\", which keeps running code that has no safepoint poll: typically a long counted"
            + " int loop that the JIT compiled without polls (the default with the Parallel and"
            + " Serial collectors, where -XX:-UseCountedLoopSafepoints), or a long array copy."
            + " Until that loop ends every other thread of the application is frozen, and the JVM"
            + " does not even answer attach (jcmd, jstack, hangdoctor).";
    String fix =
        "Give the loop in \""
            + lead.name()
            + "\" a safepoint: iterate with a long index or split it into chunks with a method"
            + " call between them; or run with -XX:+UseCountedLoopSafepoints"
            + " -XX:LoopStripMiningIter=1000 (G1 and ZGC do by default). To see the culprit's"
            + " stack, run with -Xlog:safepoint and -XX:+SafepointTimeout"
            + " -XX:SafepointTimeoutDelay=1000.";
    return new Finding(
        ID,
        "JVM stuck in a safepoint",
        vmThread.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH,
        lead.tid(),
        lead.name(),
        List.of(),
        evidence,
        explanation,
        fix);
  }

  private static Finding stuckInGc(
      Inspection inspection, JvmStacks jvm, List<ThreadActivity> gc, List<ThreadActivity> stopped) {
    ThreadActivity lead = gc.get(0);
    List<String> evidence = new ArrayList<>();
    evidence.add("the JVM did not answer: " + jvm.detail());
    evidence.add(
        "garbage collector threads busy all window: "
            + gc.stream()
                .map(
                    t ->
                        String.format(
                            Locale.ROOT, "%s (tid %d) %.0f %%", t.name(), t.tid(), t.cpuPercent()))
                .collect(Collectors.joining(", ")));
    evidence.add(stoppedLine(inspection, stopped));
    return new Finding(
        ID,
        "JVM stuck in garbage collection",
        Confidence.MEDIUM,
        lead.tid(),
        lead.name(),
        List.of(),
        evidence,
        "The JVM spends the window collecting garbage with every Java thread stopped: the heap is"
            + " (nearly) full of live objects, so each collection frees almost nothing and the"
            + " next one starts at once. It does not answer attach meanwhile.",
        "Give the JVM a larger heap (-Xmx) or find what fills it: run with -Xlog:gc and take a"
            + " heap dump (-XX:+HeapDumpOnOutOfMemoryError); -XX:+ExitOnOutOfMemoryError makes it"
            + " fail fast instead of thrashing.");
  }

  private static Finding wedged(
      Inspection inspection, JvmStacks jvm, List<ThreadActivity> stopped) {
    List<String> evidence = new ArrayList<>();
    evidence.add("the JVM did not answer: " + jvm.detail());
    evidence.add(stoppedLine(inspection, stopped));
    return new Finding(
        ID,
        "JVM not responding",
        Confidence.MEDIUM,
        Finding.PROCESS_WIDE,
        null,
        List.of(),
        evidence,
        "The JVM does not answer its attach socket and none of its threads runs: its VM"
            + " operations are blocked (a safepoint that cannot complete, a VM thread that waits"
            + " for a lock held by a stopped thread, or a crash handler that hangs).",
        "Take the kernel stacks of its threads (hangdoctor inspect PID, or gdb -p PID -batch -ex"
            + " 'thread apply all bt') and run it with -Xlog:safepoint; if it recovers, it prints a"
            + " thread dump on its own stdout.");
  }

  private static String stoppedLine(Inspection inspection, List<ThreadActivity> stopped) {
    long unchanged = stopped.stream().filter(ThreadActivity::waitUnchanged).count();
    return stopped.size()
        + " other application thread(s) stopped ("
        + unchanged
        + " in the same kernel wait all "
        + Lookup.window(inspection)
        + ")"
        + (stopped.isEmpty()
            ? ""
            : ": "
                + stopped.stream()
                    .limit(6)
                    .map(t -> t.name() + " (tid " + t.tid() + ")")
                    .collect(Collectors.joining(", ")));
  }

  /** The collector named on the command line, when it is one that turns off loop polls. */
  private static String collector(Inspection inspection) {
    Optional<String> flag =
        inspection.latest().process().cmdline().stream()
            .filter(a -> a.equals("-XX:+UseParallelGC") || a.equals("-XX:+UseSerialGC"))
            .findFirst();
    return flag.map(
            f ->
                "command line "
                    + f
                    + ": with this collector counted loops get no safepoint polls"
                    + " (UseCountedLoopSafepoints is off)")
        .orElse("");
  }
}
