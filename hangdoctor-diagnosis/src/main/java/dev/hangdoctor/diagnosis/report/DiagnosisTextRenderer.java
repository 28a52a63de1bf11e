package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.render.Formats;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.render.OutputStyle.Colour;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TreeCoverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The human report of {@code hangdoctor diagnose}, made to be read at 3 a.m.: the verdict first
 * ({@link Verdict}: a hang and its root cause along a real wait chain, a stopped process, "could
 * not look" with what is missing, or no hang found), then every process with findings, most certain
 * first, each finding with its thread, key frames (the user's own code first), evidence, a plain
 * explanation and the fix; otherwise each process's reasons, identical threads folded. A tree ends
 * with its processes, one line each, and which were sampled when and which were left out.
 */
public final class DiagnosisTextRenderer {
  private static final String LABEL = "     %-9s";
  private static final String CONTINUATION = " ".repeat(14);

  /** Reasons about threads in the same state are folded beyond this many. */
  static final int FOLD_AFTER = 3;

  private final OutputStyle style;

  /** The layout of a 100-column terminal without colour. */
  public DiagnosisTextRenderer() {
    this(OutputStyle.COLUMNS_100);
  }

  public DiagnosisTextRenderer(OutputStyle style) {
    this.style = style;
  }

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
    if (verdict.kind() != Verdict.Kind.HANG) {
      out.append('\n');
      reasons(out, root, verdict);
    }
    if (!root.children().isEmpty()) {
      out.append('\n');
      processes(out, root);
    }
    coverage(out, root);
    gaps(out, root);
    return out.toString();
  }

  private void headline(StringBuilder out, Verdict verdict) {
    Diagnosis process = verdict.process();
    out.append(style.paint(Words.verdictLine(verdict), colour(verdict))).append('\n');
    switch (verdict.kind()) {
      case NO_HANG -> {
        return;
      }
      case COULD_NOT_LOOK -> {
        where(out, verdict);
        for (String missing : Words.missing(verdict.blindSpots())) {
          out.append("  missing  ").append(style.wrap(missing, " ".repeat(11))).append('\n');
        }
        out.append("  what it could see shows no known hang (")
            .append(Words.window(verdict.target().inspection()))
            .append(")\n");
        return;
      }
      case STOPPED -> {
        where(out, verdict);
        out.append("  fix      ")
            .append(style.wrap(Words.resume(process), " ".repeat(11)))
            .append('\n');
        out.append("  ").append(Words.window(process.inspection())).append('\n');
        return;
      }
      default -> {}
    }
    Finding lead = verdict.lead().orElseThrow();
    if (!lead.keyFrames().isEmpty()) {
      out.append("  at ").append(Words.frame(lead.keyFrames().get(0))).append('\n');
    }
    where(out, verdict);
    int total =
        verdict.target().flatten().stream()
            .mapToInt(d -> FindingGroup.of(d.findings()).size())
            .sum();
    out.append("  ")
        .append(Words.plural(total, "finding"))
        .append(", most certain first · ")
        .append(Words.window(process.inspection()))
        .append('\n');
    List<BlindSpot> spots = verdict.blindSpots();
    if (!spots.isEmpty()) {
      String unseen =
          spots.stream()
              .map(spot -> spot.what() + " (" + spot.why() + ")")
              .distinct()
              .collect(Collectors.joining("; "));
      out.append("  ").append(style.wrap("could not look at " + unseen, "    ")).append('\n');
    }
  }

  /** The process the headline is about: the target, or where below it and how it is reached. */
  private void where(StringBuilder out, Verdict verdict) {
    Diagnosis process = verdict.process();
    if (!verdict.inDescendant()) {
      out.append("  PID ")
          .append(process.pid())
          .append("  ")
          .append(style.fit(Words.command(process), 7 + digits(process.pid()), 30))
          .append('\n');
      return;
    }
    String command = Words.shortCommand(process);
    String line;
    if (verdict.onChain()) {
      line =
          "root cause in PID "
              + process.pid()
              + " ("
              + style.fit(command, 40, 20)
              + "), below "
              + verdict.chain().stream()
                  .map(d -> "PID " + d.pid())
                  .collect(Collectors.joining(" → "));
    } else {
      line =
          "in PID "
              + process.pid()
              + " ("
              + style.fit(command, 40, 20)
              + "), below PID "
              + verdict.target().pid()
              + ": no wait chain from PID "
              + verdict.target().pid()
              + " leads to it, so it is not called the root cause";
    }
    out.append("  ").append(style.wrap(line, "    ")).append('\n');
  }

  private void findings(StringBuilder out, Diagnosis process, Diagnosis root) {
    String head = "PID " + process.pid() + "  ";
    String parent = "";
    if (process != root) {
      parent = "   (child of PID " + process.inspection().latest().process().ppid() + ')';
    }
    out.append(head)
        .append(style.fit(Words.command(process), head.length() + parent.length(), 30))
        .append(parent)
        .append('\n');
    int number = 1;
    for (FindingGroup group : FindingGroup.of(process.findings())) {
      finding(out, number++, group);
    }
  }

  private void finding(StringBuilder out, int number, FindingGroup group) {
    Finding finding = group.first();
    out.append(
        String.format(
            Locale.ROOT,
            "  %d. %s   %s   [%s]%n",
            number,
            finding.kind(),
            style.paint(finding.confidence().name(), colour(finding.confidence())),
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

  /** Per process: what could not be looked at, whether it is stopped, why it looks healthy. */
  private void reasons(StringBuilder out, Diagnosis root, Verdict verdict) {
    for (Diagnosis process : root.flatten()) {
      String head = "PID " + process.pid() + "  ";
      out.append(head).append(style.fit(Words.command(process), head.length(), 30)).append('\n');
      if (Verdict.stopped(process) && process != verdict.process()) {
        reason(out, Words.stoppedState(process));
      }
      boolean inHeadline =
          process == verdict.process() && verdict.kind() == Verdict.Kind.COULD_NOT_LOOK;
      for (BlindSpot spot : inHeadline ? List.<BlindSpot>of() : process.blindSpots()) {
        reason(out, "could not look at " + spot.what() + ": " + spot.why() + "; " + spot.remedy());
      }
      for (String reason : HealthyReasons.folded(process.healthyReasons(), FOLD_AFTER)) {
        reason(out, reason);
      }
    }
  }

  private void reason(StringBuilder out, String text) {
    out.append("  - ").append(style.wrap(text, "    ")).append('\n');
  }

  private void processes(StringBuilder out, Diagnosis root) {
    out.append("PROCESSES (").append(root.flatten().size()).append(")\n");
    List<String[]> rows = new ArrayList<>();
    tree(rows, root, "  ", "  ");
    int longest = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
    int labelWidth =
        style.wraps() ? Math.max(30, Math.min(longest, style.width() - 36)) : Math.min(longest, 70);
    for (String[] row : rows) {
      String label = style.wraps() ? Formats.fit(row[0], labelWidth) : row[0];
      String line = String.format(Locale.ROOT, "%-" + labelWidth + "s   %s", label, row[1]);
      out.append(style.fit(line, 0, labelWidth)).append('\n');
    }
  }

  /** One row per process, parents before children: the tree-drawn label and the verdict. */
  private void tree(List<String[]> rows, Diagnosis process, String first, String rest) {
    rows.add(
        new String[] {
          first + "PID " + process.pid() + "  " + Words.shortCommand(process), treeVerdict(process)
        });
    List<Diagnosis> children = process.children();
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      Diagnosis child = children.get(i);
      int parent = child.inspection().latest().process().ppid();
      String note = parent == process.pid() ? "" : "(parent PID " + parent + " not sampled) ";
      tree(rows, child, rest + (last ? "└─ " : "├─ ") + note, rest + (last ? "   " : "│  "));
    }
  }

  private static String treeVerdict(Diagnosis process) {
    if (!process.findings().isEmpty()) {
      return "HANG: " + process.findings().get(0).kind();
    }
    if (Verdict.stopped(process)) {
      return "STOPPED (state " + process.inspection().latest().process().state().code() + ")";
    }
    if (!process.blindSpots().isEmpty()) {
      return "could not look at "
          + process.blindSpots().stream().map(BlindSpot::what).collect(Collectors.joining(", "));
    }
    return process.hangFound() ? "no finding; one below it has" : "no hang found";
  }

  /** Which processes were sampled when, and which were left out (for a tree, or when any was). */
  private void coverage(StringBuilder out, Diagnosis root) {
    TreeCoverage coverage = root.coverage();
    if (coverage == null || (coverage.sampled().size() <= 1 && coverage.complete())) {
      return;
    }
    out.append('\n').append(style.wrap(Words.coverage(coverage), "  ")).append('\n');
    for (TreeCoverage.LeftOut left : coverage.leftOut()) {
      out.append("  left out PID ")
          .append(left.pid())
          .append(" (")
          .append(style.fit(left.command(), 20 + left.why().length(), 20))
          .append("): ")
          .append(left.why())
          .append('\n');
    }
  }

  private void gaps(StringBuilder out, Diagnosis root) {
    for (Diagnosis process : root.flatten()) {
      List<EvidenceGap> gaps = process.inspection().latest().gaps();
      if (!gaps.isEmpty()) {
        String text =
            "NOT READ in PID "
                + process.pid()
                + ": "
                + gaps.stream()
                    .map(gap -> gap.what() + " (" + reason(gap) + ")")
                    .distinct()
                    .collect(Collectors.joining(", "));
        out.append('\n').append(style.wrap(text, "  ")).append('\n');
      }
    }
  }

  private static String reason(EvidenceGap gap) {
    return gap.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private void labelled(StringBuilder out, String label, String text) {
    out.append(String.format(Locale.ROOT, LABEL, label))
        .append(style.wrap(text, CONTINUATION))
        .append('\n');
  }

  private static void labelledLine(StringBuilder out, String label, String text) {
    out.append(String.format(Locale.ROOT, LABEL, label)).append(text).append('\n');
  }

  private static Colour colour(Verdict verdict) {
    return switch (verdict.kind()) {
      case HANG, STOPPED -> Colour.RED;
      case COULD_NOT_LOOK -> Colour.YELLOW;
      case NO_HANG -> Colour.GREEN;
    };
  }

  private static Colour colour(Confidence confidence) {
    return switch (confidence) {
      case HIGH -> Colour.RED;
      case MEDIUM -> Colour.YELLOW;
      case LOW -> Colour.DIM;
    };
  }

  private static int digits(int pid) {
    return Integer.toString(pid).length();
  }
}
