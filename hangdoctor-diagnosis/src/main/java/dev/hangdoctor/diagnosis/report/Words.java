package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import java.util.Locale;

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

  /** The command line of a process, cut to {@code width}. */
  static String command(Diagnosis process, int width) {
    String line = process.inspection().latest().process().commandLine();
    return line.length() <= width ? line : line.substring(0, width - 1) + "…";
  }

  /** The command line with the program's directory left out: {@code python3 app.py --port 80}. */
  static String shortCommand(Diagnosis process, int width) {
    List<String> argv = process.inspection().latest().process().cmdline();
    if (argv.isEmpty()) {
      return command(process, width);
    }
    String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    String line = String.join(" ", argv.subList(1, argv.size()));
    line = line.isEmpty() ? program : program + " " + line;
    return line.length() <= width ? line : line.substring(0, width - 1) + "…";
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

  static String plural(int count, String noun) {
    if (count == 1) {
      return count + " " + noun;
    }
    return count + " " + noun + (noun.endsWith("s") ? "es" : "s");
  }
}
