package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.BlockingPops;
import dev.hangdoctor.rules.internal.ChildWaits;
import dev.hangdoctor.rules.internal.CpuDemand;
import dev.hangdoctor.rules.internal.HangdoctorThreads;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.NativeFrames;
import dev.hangdoctor.rules.internal.Stacks;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs every rule over an inspection and ranks the findings by confidence, then by the order the
 * rules were given in. Over a process tree it reaches the children's verdicts first, then runs the
 * {@link ProcessTreeRule}s on each parent with them. When nothing matches, the diagnosis says why
 * the process looks healthy, from the same evidence: what each thread waits in, the CPU, the socket
 * queues, the descriptors.
 */
public final class RuleEngine {
  private final List<Rule> rules;
  private final List<ProcessTreeRule> treeRules;

  public RuleEngine(List<Rule> rules) {
    this(rules, List.of());
  }

  public RuleEngine(List<Rule> rules, List<ProcessTreeRule> treeRules) {
    this.rules = List.copyOf(rules);
    this.treeRules = List.copyOf(treeRules);
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<ProcessTreeRule> treeRules() {
    return treeRules;
  }

  /** The verdict on one process alone. */
  public Diagnosis diagnose(Inspection inspection) {
    return diagnose(inspection, List.of());
  }

  /**
   * The verdict on {@code root} and the processes below it. {@code descendants} are inspections of
   * processes in {@code root}'s tree (taken over the same window); each is placed under its parent
   * by {@code ppid}, and those whose parent was not inspected are placed under the root.
   */
  public Diagnosis diagnose(Inspection root, Collection<Inspection> descendants) {
    Map<Integer, List<Inspection>> byParent = new HashMap<>();
    Set<Integer> inspected = new HashSet<>();
    inspected.add(root.pid());
    for (Inspection inspection : descendants) {
      inspected.add(inspection.pid());
    }
    for (Inspection inspection : descendants) {
      int ppid = inspection.latest().process().ppid();
      int parent = inspected.contains(ppid) && ppid != inspection.pid() ? ppid : root.pid();
      byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(inspection);
    }
    List<Inspection> all = new ArrayList<>();
    all.add(root);
    all.addAll(descendants);
    WaitGraph graph = WaitGraph.of(all);
    return diagnoseTree(root, byParent, new HashSet<>(), graph);
  }

  private Diagnosis diagnoseTree(
      Inspection process,
      Map<Integer, List<Inspection>> byParent,
      Set<Integer> visited,
      WaitGraph graph) {
    visited.add(process.pid());
    List<Diagnosis> children = new ArrayList<>();
    for (Inspection child : byParent.getOrDefault(process.pid(), List.of())) {
      if (!visited.contains(child.pid())) {
        children.add(diagnoseTree(child, byParent, visited, graph));
      }
    }
    List<Finding> findings = new ArrayList<>();
    List<Finding> genericFindings = new ArrayList<>();
    for (Rule rule : rules) {
      (rule.generic() ? genericFindings : findings).addAll(rule.evaluate(process, graph));
    }
    for (ProcessTreeRule rule : treeRules) {
      findings.addAll(rule.evaluate(process, children, graph));
    }
    Set<Integer> explained = new HashSet<>();
    for (Finding finding : findings) {
      if (finding.tid() != Finding.PROCESS_WIDE) {
        explained.add(finding.tid());
      }
    }
    for (Finding finding : genericFindings) {
      if (!explained.contains(finding.tid())) {
        findings.add(finding);
      }
    }
    // hangdoctor's own watchdog threads wait for this very diagnosis: never the hang.
    findings.removeIf(
        f -> f.tid() != Finding.PROCESS_WIDE && HangdoctorThreads.isOwn(process, f.tid()));
    // List.sort is stable, so findings of equal confidence keep the rules' order.
    findings.sort(Comparator.comparing(Finding::confidence));
    List<Finding> withStacks = new ArrayList<>(findings.size());
    for (Finding finding : findings) {
      withStacks.add(
          NativeFrames.withNativeFrames(process, Stacks.withBlockingStack(process, finding)));
    }
    List<String> healthy = findings.isEmpty() ? healthyReasons(process, children) : List.of();
    return new Diagnosis(
        Diagnosis.SCHEMA_VERSION,
        process,
        withStacks,
        healthy,
        children,
        graph.about(process.pid()));
  }

  private static List<String> healthyReasons(Inspection inspection, List<Diagnosis> children) {
    List<String> reasons = new ArrayList<>();
    reasons.add("no known hang signature matched (" + inspection.samples().size() + " samples)");
    WindowSummary window = inspection.window();
    JvmStacks jvm = inspection.latest().jvm();
    if (jvm != null && !jvm.read()) {
      reasons.add("Java threads not read: " + jvm.detail());
    }
    int jvmOwn = 0;
    int hangdoctorOwn = 0;
    for (ThreadActivity thread : window.threads()) {
      if (jvmOwnThread(inspection, thread)) {
        jvmOwn++;
        continue;
      }
      if (HangdoctorThreads.isOwn(inspection, thread.tid())) {
        hangdoctorOwn++;
        continue;
      }
      List<Diagnosis> waited = ChildWaits.waitedChildren(inspection, thread, children);
      reasons.add(
          waited.isEmpty()
              ? threadReason(inspection, thread)
              : childReason(inspection, thread, waited));
    }
    if (jvmOwn > 0) {
      reasons.add(
          "the JVM's own "
              + jvmOwn
              + " threads (GC, JIT compilers, reference handling, signals, the launcher) not"
              + " judged");
    }
    if (hangdoctorOwn > 0) {
      reasons.add(
          "hangdoctor's own "
              + hangdoctorOwn
              + " thread(s) (its pytest plugin's or exit guard's watchdog) not judged");
    }
    boolean busy = window.threads().stream().anyMatch(t -> CpuDemand.busy(inspection, t));
    if (!busy) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "no thread at high CPU (process %.0f %% over the window)",
              window.processCpuPercent()));
    }
    long unread =
        inspection.latest().sockets().stream().filter(socket -> socket.unreadBytes() > 0).count();
    boolean growing = window.socketQueues().stream().anyMatch(trend -> trend.receiveGrowth() > 0);
    if (unread == 0) {
      reasons.add("no socket holds unread data");
    } else if (!growing) {
      reasons.add(unread + " socket(s) hold unread data, none growing");
    }
    if (window.firstFdCount() != WindowSummary.UNKNOWN_FD_COUNT) {
      reasons.add(
          window.fdGrowth() <= 0
              ? "open descriptors steady (" + window.lastFdCount() + ")"
              : "open descriptors " + window.firstFdCount() + " → " + window.lastFdCount());
    }
    return reasons;
  }

  /**
   * A thread of a JVM whose Java threads were read that is not one of the application's: the JVM's
   * own threads, and the launcher's thread (no Java thread at all).
   */
  private static boolean jvmOwnThread(Inspection inspection, ThreadActivity thread) {
    List<JavaThread> java = inspection.latest().javaThreads();
    if (java.isEmpty()) {
      return false;
    }
    return java.stream()
        .filter(t -> !t.virtual() && t.nativeThreadId() == thread.tid())
        .findFirst()
        .map(JavaThread::jvmHousekeeping)
        .orElse(true);
  }

  private static String threadReason(Inspection inspection, ThreadActivity thread) {
    String who = Lookup.threadName(inspection, thread) + " (tid " + thread.tid() + ")";
    SyscallState call = thread.kernelWait().syscall();
    if (call.status() == SyscallState.Status.RUNNING) {
      return String.format(
          Locale.ROOT, "%s running, %.0f %% CPU over the window", who, thread.cpuPercent());
    }
    String idle = Waits.timedIdleWait(call).orElse(null);
    if (idle != null) {
      return who + " idle in " + idle;
    }
    String pop = BlockingPops.waitedIn(inspection, thread.tid()).orElse(null);
    if (pop != null) {
      return who + " idle in a blocking pop, waiting for its next job: " + pop;
    }
    String wait = thread.kernelWait().describe();
    int fd = Waits.readFd(call).orElse(-1);
    String socket =
        fd < 0
            ? ""
            : Lookup.socket(inspection.latest(), fd)
                .map(s -> " on " + Lookup.describe(s) + unread(s))
                .orElse("");
    return who + " waits in " + wait + socket + " (no timeout; no rule flags it)";
  }

  private static String childReason(
      Inspection inspection, ThreadActivity thread, List<Diagnosis> waited) {
    List<String> children = new ArrayList<>();
    for (Diagnosis child : waited) {
      children.add(ChildWaits.describe(child) + ", " + ChildWaits.activity(child));
    }
    return Lookup.threadName(inspection, thread)
        + " (tid "
        + thread.tid()
        + ") waits in "
        + thread.kernelWait().describe()
        + " on child "
        + String.join("; ", children)
        + ", which shows no hang";
  }

  private static String unread(SocketEntry socket) {
    return socket.unreadBytes() == 0 ? ", nothing queued" : ", " + socket.unreadBytes() + " unread";
  }
}
