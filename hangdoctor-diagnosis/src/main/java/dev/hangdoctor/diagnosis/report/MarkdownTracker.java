package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.render.Formats;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.TreeCoverage;
import dev.hangdoctor.rules.ProcessTreeRule;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.RuleEngine;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Markdown stability tracker of {@code diagnose --markdown FILE}: title, reproduction command,
 * observed symptoms, evidence, hypotheses ranked with what rules them in (each finding) or out
 * (each known signature that did not match, with why), the recommended fix, follow-ups, and a
 * results log. A tracker that exists already only gets a row appended to its log, so whatever the
 * user wrote in it stays.
 */
public final class MarkdownTracker {
  /** Threads listed under observed symptoms at most. */
  static final int SYMPTOM_THREADS = 12;

  private final RuleEngine engine;

  public MarkdownTracker(RuleEngine engine) {
    this.engine = engine;
  }

  /**
   * The tracker after this run: {@code existing} with a results-log row appended, or a new tracker
   * when {@code existing} is {@code null}.
   */
  public String render(Diagnosis root, String reproduction, String existing) {
    String row = logRow(root, reproduction);
    if (existing != null) {
      return ResultsLog.append(existing, row);
    }
    Verdict verdict = Verdict.of(root);
    StringBuilder out = new StringBuilder();
    title(out, verdict);
    reproduction(out, verdict, reproduction);
    symptoms(out, verdict);
    evidence(out, root);
    hypotheses(out, root, verdict);
    fix(out, root, verdict);
    followUps(out, verdict, reproduction);
    out.append(ResultsLog.section(row));
    return out.toString();
  }

  private static String logRow(Diagnosis root, String reproduction) {
    Verdict verdict = Verdict.of(root);
    String top =
        verdict
            .lead()
            .map(
                lead ->
                    lead.kind()
                        + " — PID "
                        + verdict.process().pid()
                        + ", "
                        + Words.thread(lead)
                        + (lead.keyFrames().isEmpty()
                            ? ""
                            : " at " + Words.frame(lead.keyFrames().get(0))))
            .orElse("-");
    return ResultsLog.row(
        Formats.timestamp(root.inspection().latest().capturedAtEpochMillis()),
        reproduction,
        switch (verdict.kind()) {
          case HANG -> "HANG";
          case STOPPED -> "HANG: stopped";
          case COULD_NOT_LOOK -> "could not look";
          case NO_HANG -> "no hang found";
        },
        switch (verdict.kind()) {
          case HANG -> top;
          case STOPPED, COULD_NOT_LOOK -> Words.verdictLine(verdict);
          case NO_HANG -> "-";
        });
  }

  private static void title(StringBuilder out, Verdict verdict) {
    String process = verdict.process().inspection().latest().process().name();
    out.append("# Stability tracker: ")
        .append(
            switch (verdict.kind()) {
              case HANG -> verdict.lead().orElseThrow().kind() + " in " + process;
              case STOPPED -> process + " is stopped";
              case COULD_NOT_LOOK -> "could not look inside " + process;
              case NO_HANG -> "no hang found in " + process;
            })
        .append("\n\n_Written by `hangdoctor diagnose --markdown` on ")
        .append(Formats.timestamp(verdict.target().inspection().latest().capturedAtEpochMillis()))
        .append(". Edit freely: later runs only append a row to the results log._\n\n");
  }

  private static void reproduction(StringBuilder out, Verdict verdict, String command) {
    Diagnosis target = verdict.target();
    out.append("## Reproduction\n\n```sh\n").append(command).append("\n```\n\n");
    out.append("Target: PID ")
        .append(target.pid())
        .append(" `")
        .append(target.inspection().latest().process().commandLine())
        .append("`, diagnosed over ")
        .append(Words.window(target.inspection()))
        .append(
            target.flatten().size() > 1
                ? " with the " + Words.plural(target.flatten().size() - 1, "process") + " below it"
                : "")
        .append(".\n\n");
    TreeCoverage coverage = target.coverage();
    if (coverage != null && (coverage.sampled().size() > 1 || !coverage.complete())) {
      out.append(Words.coverage(coverage)).append(".\n");
      for (TreeCoverage.LeftOut left : coverage.leftOut()) {
        out.append("- left out PID ")
            .append(left.pid())
            .append(" `")
            .append(left.command())
            .append("`: ")
            .append(left.why())
            .append('\n');
      }
      out.append('\n');
    }
  }

  private static void symptoms(StringBuilder out, Verdict verdict) {
    out.append("## Observed symptoms\n\n");
    out.append("- ").append(Words.verdictLine(verdict)).append('\n');
    for (BlindSpot spot : verdict.blindSpots()) {
      out.append("- could not look at ")
          .append(spot.what())
          .append(": ")
          .append(spot.why())
          .append("; ")
          .append(spot.remedy())
          .append('\n');
    }
    Inspection inspection = verdict.process().inspection();
    out.append(
        String.format(
            Locale.ROOT,
            "- PID %d: %s, %.0f %% CPU over the window%n",
            verdict.process().pid(),
            Words.plural(inspection.window().threads().size(), "thread"),
            inspection.window().processCpuPercent()));
    List<ThreadActivity> notable =
        inspection.window().threads().stream()
            .filter(t -> t.waitUnchanged() || t.cpuPercent() >= 80)
            .limit(SYMPTOM_THREADS)
            .collect(Collectors.toList());
    for (ThreadActivity thread : notable) {
      out.append("- `")
          .append(threadName(inspection, thread))
          .append("` (tid ")
          .append(thread.tid())
          .append("): ")
          .append(
              thread.waitUnchanged()
                  ? "`" + thread.kernelWait().describe() + "`, unchanged for the whole window"
                  : String.format(Locale.ROOT, "running, %.0f %% CPU", thread.cpuPercent()))
          .append('\n');
    }
    out.append('\n');
  }

  private static void evidence(StringBuilder out, Diagnosis root) {
    out.append("## Evidence\n\n");
    boolean any = false;
    for (Diagnosis process : root.flatten()) {
      for (FindingGroup group : FindingGroup.of(process.findings())) {
        any = true;
        Finding finding = group.first();
        out.append("- PID ").append(process.pid()).append(", ").append(Words.thread(finding));
        if (!group.others().isEmpty()) {
          out.append(" and ")
              .append(Words.plural(group.others().size(), "more thread"))
              .append(" the same");
        }
        out.append(":\n");
        for (var frame : finding.keyFrames()) {
          out.append("  - at `").append(Words.frame(frame)).append("`\n");
        }
        for (String line : finding.evidence()) {
          out.append("  - ").append(line).append('\n');
        }
        if (!group.others().isEmpty()) {
          out.append("  - ").append(DiagnosisTextRenderer.also(group)).append('\n');
        }
      }
    }
    if (!any) {
      for (Diagnosis process : root.flatten()) {
        for (String reason :
            HealthyReasons.folded(process.healthyReasons(), DiagnosisTextRenderer.FOLD_AFTER)) {
          out.append("- PID ").append(process.pid()).append(": ").append(reason).append('\n');
        }
      }
    }
    out.append('\n');
  }

  private void hypotheses(StringBuilder out, Diagnosis root, Verdict verdict) {
    out.append("## Hypotheses\n\nRanked, most certain first.\n\n");
    int rank = 1;
    List<Diagnosis> chain = verdict.chain();
    for (int i = chain.size() - 1; i >= 0; i--) {
      for (FindingGroup group : FindingGroup.of(chain.get(i).findings())) {
        rank = ruledIn(out, rank, chain.get(i), group);
      }
    }
    for (Diagnosis process : root.flatten()) {
      if (chain.stream().noneMatch(link -> link == process)) {
        for (FindingGroup group : FindingGroup.of(process.findings())) {
          rank = ruledIn(out, rank, process, group);
        }
      }
    }
    Diagnosis process = verdict.process();
    Set<String> matched =
        process.findings().stream().map(Finding::ruleId).collect(Collectors.toSet());
    for (Rule rule : engine.rules()) {
      if (!matched.contains(rule.id())) {
        ruledOut(out, rule.id(), rule.ruledOut(process.inspection()));
      }
    }
    for (ProcessTreeRule rule : engine.treeRules()) {
      if (!matched.contains(rule.id())) {
        ruledOut(out, rule.id(), rule.ruledOut(process.inspection(), process.children()));
      }
    }
    out.append('\n');
  }

  private static int ruledIn(StringBuilder out, int rank, Diagnosis process, FindingGroup group) {
    Finding finding = group.first();
    out.append(rank)
        .append(". **Ruled in: ")
        .append(finding.kind())
        .append("** (")
        .append(finding.confidence().name().toLowerCase(Locale.ROOT))
        .append(" confidence, `")
        .append(finding.ruleId())
        .append("`) in PID ")
        .append(process.pid())
        .append(", ")
        .append(Words.thread(finding))
        .append(". ")
        .append(finding.explanation())
        .append(" Rules it in: ")
        .append(String.join("; ", finding.evidence()))
        .append(".\n");
    return rank + 1;
  }

  private static void ruledOut(StringBuilder out, String id, String why) {
    out.append("- **Ruled out: `").append(id).append("`**: ").append(why).append('\n');
  }

  private static void fix(StringBuilder out, Diagnosis root, Verdict verdict) {
    out.append("## Recommended fix\n\n");
    if (verdict.kind() == Verdict.Kind.STOPPED) {
      out.append(Words.resume(verdict.process())).append(".\n\n");
      return;
    }
    if (verdict.kind() == Verdict.Kind.COULD_NOT_LOOK) {
      out.append("None from this evidence: hangdoctor could not look at all it needs. First let it")
          .append(" look:\n\n");
      for (BlindSpot spot : verdict.blindSpots()) {
        out.append("- ").append(spot.what()).append(": ").append(spot.remedy()).append('\n');
      }
      out.append('\n');
      return;
    }
    if (verdict.lead().isEmpty()) {
      out.append("None needed from this evidence: no known hang signature matched.\n\n");
      return;
    }
    out.append(verdict.lead().get().fix()).append("\n\n");
    Set<String> others = new LinkedHashSet<>();
    for (Diagnosis process : root.flatten()) {
      for (FindingGroup group : FindingGroup.of(process.findings())) {
        if (group.first() != verdict.lead().get()) {
          others.add(group.first().fix());
        }
      }
    }
    if (!others.isEmpty()) {
      out.append("Also:\n\n");
      others.forEach(fix -> out.append("- ").append(fix).append('\n'));
      out.append('\n');
    }
  }

  private static void followUps(StringBuilder out, Verdict verdict, String reproduction) {
    out.append("## Follow-ups\n\n");
    if (verdict.lead().isPresent()) {
      Finding lead = verdict.lead().get();
      out.append("- [ ] Apply the fix")
          .append(
              lead.keyFrames().isEmpty()
                  ? ""
                  : " at `"
                      + lead.keyFrames().get(0).file()
                      + ":"
                      + lead.keyFrames().get(0).line()
                      + "`")
          .append(", reproduce, and run `")
          .append(reproduction)
          .append("` again: its row in the results log should say \"no hang found\".\n");
      out.append("- [ ] Read `docs/rules/")
          .append(lead.ruleId())
          .append(".md` for the signature, the fix pattern and references.\n");
      out.append(
          "- [ ] Add a test that reproduces the hang with a bounded wait, so it cannot come back unnoticed.\n");
    } else {
      out.append("- [ ] Run `")
          .append(reproduction)
          .append(
              "` again while the symptom shows; a hang that comes and goes needs to be caught in the act.\n");
      out.append(
          "- [ ] If a hang shows but no signature matches, keep `hangdoctor inspect PID --json` for the record.\n");
    }
    out.append('\n');
  }

  private static String threadName(Inspection inspection, ThreadActivity thread) {
    PythonStacks python = inspection.latest().python();
    if (python != null) {
      for (PythonThread candidate : python.threads()) {
        if (candidate.nativeThreadId() == thread.tid() && candidate.name() != null) {
          return candidate.name();
        }
      }
    }
    return thread.name();
  }
}
