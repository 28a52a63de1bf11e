package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.TreeCoverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;

/** The few phrases every diagnosis report words the same way. */
final class Words {
  private Words() {}

  /** {@code thread "MainThread" (tid 5092)}, or {@code the process as a whole}. */
  static String thread(Finding finding) {
    if (finding.tid() == Finding.PROCESS_WIDE) {
      return "the process as a whole";
    }
    return "thread " + threadName(finding);
  }

  /** {@code "MainThread" (tid 5092)}, or {@code the process as a whole}. */
  static String threadName(Finding finding) {
    if (finding.tid() == Finding.PROCESS_WIDE) {
      return "the process as a whole";
    }
    return "\"" + finding.threadName() + "\" (tid " + finding.tid() + ")";
  }

  /** {@code price_lines (/srv/app.py:56)}. */
  static String frame(PythonFrame frame) {
    return frame.qualifiedName() + " (" + frame.file() + ":" + frame.line() + ")";
  }

  /** {@code HANG: blocking network read without a timeout in thread "w" (tid 7)}. */
  static String headline(Finding finding) {
    String certainty =
        switch (finding.confidence()) {
          case HIGH -> "";
          case MEDIUM -> " (medium confidence)";
          case LOW -> " (low confidence)";
        };
    return "HANG" + certainty + ": " + finding.kind() + " in " + thread(finding);
  }

  /**
   * The first line of a report: the hang, the stopped process, what could not be looked at and why,
   * or that no hang was found.
   */
  static String verdictLine(Verdict verdict) {
    Diagnosis process = verdict.process();
    return switch (verdict.kind()) {
      case HANG -> headline(verdict.lead().orElseThrow());
      case STOPPED -> "HANG: PID " + process.pid() + " is " + stoppedState(process);
      case COULD_NOT_LOOK -> couldNotLook(process);
      case NO_HANG -> {
        int processes = process.flatten().size();
        yield "no hang found in PID "
            + process.pid()
            + (processes > 1 ? " and the " + plural(processes - 1, "process") + " below it" : "")
            + " ("
            + window(process.inspection())
            + ")";
      }
    };
  }

  /**
   * {@code could not look inside PID 7: Python stacks not read (CPython 3.10: …)}; what the kernel
   * refused is said once: {@code the kernel refused thread waits (wchan, syscall), open files}.
   */
  static String couldNotLook(Diagnosis process) {
    List<String> parts = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (BlindSpot spot : process.blindSpots()) {
      if (spot.kind() == BlindSpot.Kind.REFUSED) {
        refused.add(spot.what().equals("Python stacks") ? "memory (Python stacks)" : spot.what());
      } else {
        parts.add(spot.what() + " not read (" + spot.why() + ")");
      }
    }
    if (!refused.isEmpty()) {
      parts.add(0, "the kernel refused " + String.join(", ", refused));
    }
    return "could not look inside PID " + process.pid() + ": " + String.join("; ", parts);
  }

  /** What would let hangdoctor look, once per remedy: {@code thread waits, memory: run as …}. */
  static List<String> missing(List<BlindSpot> spots) {
    Map<String, List<String>> byRemedy = new LinkedHashMap<>();
    for (BlindSpot spot : spots) {
      List<String> whats = byRemedy.computeIfAbsent(spot.remedy(), k -> new ArrayList<>());
      if (!whats.contains(spot.what())) {
        whats.add(spot.what());
      }
    }
    List<String> lines = new ArrayList<>();
    byRemedy.forEach((remedy, whats) -> lines.add(String.join(", ", whats) + ": " + remedy));
    return lines;
  }

  /** {@code stopped (state T: SIGSTOP, SIGTSTP or Ctrl+Z): it runs no code until SIGCONT}. */
  static String stoppedState(Diagnosis process) {
    TaskState state = process.inspection().latest().process().state();
    return state == TaskState.TRACING_STOP
        ? "stopped by a tracer (state t: a debugger or strace holds it): it runs no code until the"
            + " tracer lets it go"
        : "stopped (state T: SIGSTOP, SIGTSTP or Ctrl+Z): it runs no code until it gets SIGCONT";
  }

  /** How to let a stopped process run again. */
  static String resume(Diagnosis process) {
    int pid = process.pid();
    TaskState state = process.inspection().latest().process().state();
    return state == TaskState.TRACING_STOP
        ? "continue or detach the debugger or strace that holds it (its pid is TracerPid in"
            + " /proc/"
            + pid
            + "/status)"
        : "kill -CONT "
            + pid
            + " (or fg in the shell that stopped it with Ctrl+Z), then find out"
            + " who stopped it";
  }

  /** The command line of a process, whole. */
  static String command(Diagnosis process) {
    return process.inspection().latest().process().commandLine();
  }

  /** The command line with the program's directory left out: {@code python3 app.py --port 80}. */
  static String shortCommand(Diagnosis process) {
    List<String> argv = process.inspection().latest().process().cmdline();
    if (argv.isEmpty()) {
      return command(process);
    }
    String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    String line = String.join(" ", argv.subList(1, argv.size()));
    return line.isEmpty() ? program : program + " " + line;
  }

  /** {@code 3 samples over 1.0 s}. */
  static String window(Inspection inspection) {
    return String.format(
        Locale.ROOT,
        "%d sample%s over %.1f s",
        inspection.window().samples(),
        inspection.window().samples() == 1 ? "" : "s",
        inspection.window().spanMillis() / 1000.0);
  }

  /**
   * {@code sampled all 23 processes of the tree side by side: 3 rounds over 1.1 s, a round took
   * 35-180 ms}.
   */
  static String coverage(TreeCoverage coverage) {
    List<TreeCoverage.Round> rounds = coverage.rounds();
    String whom =
        coverage.complete()
            ? "sampled all " + plural(coverage.sampled().size(), "process") + " of the tree"
            : "sampled "
                + coverage.sampled().size()
                + " of the "
                + plural(coverage.treeSize(), "process")
                + " of the tree";
    if (rounds.isEmpty()) {
      return whom;
    }
    TreeCoverage.Round first = rounds.get(0);
    TreeCoverage.Round last = rounds.get(rounds.size() - 1);
    LongSummaryStatistics took =
        rounds.stream().mapToLong(TreeCoverage.Round::tookMillis).summaryStatistics();
    return String.format(
        Locale.ROOT,
        "%s side by side: %s over %.1f s, a round took %s ms",
        whom,
        plural(rounds.size(), "round"),
        (last.startedAtEpochMillis() + last.tookMillis() - first.startedAtEpochMillis()) / 1000.0,
        took.getMin() == took.getMax()
            ? Long.toString(took.getMax())
            : took.getMin() + "-" + took.getMax());
  }

  static String plural(int count, String noun) {
    if (count == 1) {
      return count + " " + noun;
    }
    return count + " " + noun + (noun.endsWith("s") ? "es" : "s");
  }
}
