package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.render.Formats;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The human report of {@code hangdoctor diagnose}, made to be read at 3 a.m.: the verdict first
 * (the root cause of a process tree, however deep), then every process with findings, most certain
 * first, each finding with its thread, key frames (the user's own code first), evidence, a plain
 * explanation and the fix; a healthy process gets the reasons it looks healthy. A tree ends with
 * its processes, one line each.
 */
public final class DiagnosisTextRenderer {
  /** Prose is wrapped to this many columns. */
  static final int WIDTH = 100;

  private static final String LABEL = "     %-9s";
  private static final String CONTINUATION = " ".repeat(14);

  public String render(Diagnosis root) {
    StringBuilder out = new StringBuilder();
    Verdict verdict = Verdict.of(root);
    headline(out, verdict);
    for (Diagnosis process : root.flatten()) {
      if (!process.findings().isEmpty()) {
        out.append('\n');
        findings(out, process, root);
      }
    }
    if (!verdict.hangFound()) {
      out.append('\n');
      healthy(out, root);
    }
    if (!root.children().isEmpty()) {
      out.append('\n');
      processes(out, root);
    }
    gaps(out, root);
    return out.toString();
  }

  private static void headline(StringBuilder out, Verdict verdict) {
    Diagnosis process = verdict.process();
    if (verdict.lead().isEmpty()) {
      Diagnosis target = verdict.target();
      int processes = target.flatten().size();
      out.append("no hang found in PID ")
          .append(target.pid())
          .append(
              processes > 1
                  ? " and the " + Words.plural(processes - 1, "process") + " below it"
                  : "")
          .append(" (")
          .append(Words.window(target.inspection()))
          .append(")\n");
      return;
    }
    Finding lead = verdict.lead().get();
    out.append(Words.headline(lead)).append('\n');
    if (!lead.keyFrames().isEmpty()) {
      out.append("  at ").append(Words.frame(lead.keyFrames().get(0))).append('\n');
    }
    if (verdict.inDescendant()) {
      out.append("  root cause in PID ")
          .append(process.pid())
          .append(" (")
          .append(Words.command(process, 60))
          .append("), below ")
          .append(
              verdict.chain().stream()
                  .map(d -> "PID " + d.pid())
                  .collect(Collectors.joining(" → ")))
          .append('\n');
    } else {
      out.append("  PID ")
          .append(process.pid())
          .append("  ")
          .append(Words.command(process, 90))
          .append('\n');
    }
    int total =
        verdict.target().flatten().stream()
            .mapToInt(d -> FindingGroup.of(d.findings()).size())
            .sum();
    out.append("  ")
        .append(Words.plural(total, "finding"))
        .append(", most certain first · ")
        .append(Words.window(process.inspection()))
        .append('\n');
  }

  private static void findings(StringBuilder out, Diagnosis process, Diagnosis root) {
    out.append("PID ").append(process.pid()).append("  ").append(Words.command(process, 80));
    if (process != root) {
      out.append("   (child of PID ")
          .append(process.inspection().latest().process().ppid())
          .append(')');
    }
    out.append('\n');
    JvmStacks jvm = process.inspection().latest().jvm();
    if (jvm != null && !jvm.read()) {
      out.append("  could not look inside the JVM: ")
          .append(Formats.wrap(jvm.detail(), WIDTH, "    "))
          .append('\n');
    }
    int number = 1;
    for (FindingGroup group : FindingGroup.of(process.findings())) {
      finding(out, number++, group);
    }
  }

  private static void finding(StringBuilder out, int number, FindingGroup group) {
    Finding finding = group.first();
    out.append(
        String.format(
            Locale.ROOT,
            "  %d. %s   %s   [%s]%n",
            number,
            finding.kind(),
            finding.confidence(),
            finding.ruleId()));
    labelled(out, "thread", Words.threadName(finding));
    List<PythonFrame> frames = finding.keyFrames();
    for (int i = 0; i < frames.size(); i++) {
      labelledLine(out, i == 0 ? "frames" : "", Words.frame(frames.get(i)));
    }
    for (int i = 0; i < finding.evidence().size(); i++) {
      labelled(out, i == 0 ? "evidence" : "", finding.evidence().get(i));
    }
    labelled(out, "why", finding.explanation());
    labelled(out, "fix", finding.fix());
    if (!group.others().isEmpty()) {
      labelled(out, "also", also(group));
    }
  }

  /** The other cases of a group: its threads, or the first evidence line of each. */
  static String also(FindingGroup group) {
    if (group.first().tid() == Finding.PROCESS_WIDE) {
      return "the same for "
          + group.others().stream()
              .map(f -> f.evidence().isEmpty() ? f.kind() : f.evidence().get(0))
              .collect(Collectors.joining("; "));
    }
    return "the same in "
        + Words.plural(group.others().size(), "more thread")
        + ": "
        + group.others().stream().map(Words::threadName).collect(Collectors.joining(", "));
  }

  private static void healthy(StringBuilder out, Diagnosis root) {
    for (Diagnosis process : root.flatten()) {
      out.append("PID ").append(process.pid()).append("  ").append(Words.command(process, 80));
      out.append('\n');
      for (String reason : process.healthyReasons()) {
        out.append("  - ").append(Formats.wrap(reason, WIDTH, "    ")).append('\n');
      }
    }
  }

  private static void processes(StringBuilder out, Diagnosis root) {
    out.append("PROCESSES (").append(root.flatten().size()).append(")\n");
    tree(out, root, "  ", "  ");
  }

  private static void tree(StringBuilder out, Diagnosis process, String first, String rest) {
    String verdict =
        process.findings().isEmpty()
            ? (process.hangFound() ? "no finding; one below it has" : "no hang found")
            : "HANG: " + process.findings().get(0).kind();
    String label = first + "PID " + process.pid() + "  " + Words.shortCommand(process, 50);
    out.append(String.format(Locale.ROOT, "%-70s %s%n", label, verdict));
    List<Diagnosis> children = process.children();
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      tree(out, children.get(i), rest + (last ? "└─ " : "├─ "), rest + (last ? "   " : "│  "));
    }
  }

  private static void gaps(StringBuilder out, Diagnosis root) {
    for (Diagnosis process : root.flatten()) {
      List<EvidenceGap> gaps = process.inspection().latest().gaps();
      if (!gaps.isEmpty()) {
        out.append('\n')
            .append("NOT READ in PID ")
            .append(process.pid())
            .append(": ")
            .append(
                Formats.wrap(
                    gaps.stream()
                        .map(gap -> gap.what() + " (" + reason(gap) + ")")
                        .distinct()
                        .collect(Collectors.joining(", ")),
                    WIDTH,
                    "  "))
            .append('\n');
      }
    }
  }

  private static String reason(EvidenceGap gap) {
    return gap.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static void labelled(StringBuilder out, String label, String text) {
    out.append(String.format(Locale.ROOT, LABEL, label))
        .append(Formats.wrap(text, WIDTH, CONTINUATION))
        .append('\n');
  }

  private static void labelledLine(StringBuilder out, String label, String text) {
    out.append(String.format(Locale.ROOT, LABEL, label)).append(text).append('\n');
  }
}
