package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Runs every rule over an inspection and ranks the findings by confidence, then by the order the
 * rules were given in. When nothing matches, the diagnosis says why the process looks healthy, from
 * the same evidence: what each thread waits in, the CPU, the socket queues, the descriptors.
 */
public final class RuleEngine {
  /** CPU % above which a thread counts as busy in the healthy reasons. */
  static final double BUSY_CPU_PERCENT = 80;

  private final List<Rule> rules;

  public RuleEngine(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<Rule> rules() {
    return rules;
  }

  public Diagnosis diagnose(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      findings.addAll(rule.evaluate(inspection));
    }
    // List.sort is stable, so findings of equal confidence keep the rules' order.
    findings.sort(Comparator.comparing(Finding::confidence));
    List<String> healthy = findings.isEmpty() ? healthyReasons(inspection) : List.of();
    return new Diagnosis(Diagnosis.SCHEMA_VERSION, inspection, findings, healthy);
  }

  private static List<String> healthyReasons(Inspection inspection) {
    List<String> reasons = new ArrayList<>();
    reasons.add("no known hang signature matched (" + inspection.samples().size() + " samples)");
    WindowSummary window = inspection.window();
    for (ThreadActivity thread : window.threads()) {
      reasons.add(threadReason(inspection, thread));
    }
    boolean busy = window.threads().stream().anyMatch(t -> t.cpuPercent() >= BUSY_CPU_PERCENT);
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

  private static String unread(SocketEntry socket) {
    return socket.unreadBytes() == 0 ? ", nothing queued" : ", " + socket.unreadBytes() + " unread";
  }
}
