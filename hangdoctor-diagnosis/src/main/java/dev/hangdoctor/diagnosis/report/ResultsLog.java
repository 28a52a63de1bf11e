package dev.hangdoctor.diagnosis.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The "Results log" table at the end of a stability tracker: one row per run. Appending a row
 * changes nothing else in the document, so the user's edits survive; a document whose log was
 * removed gets a new one at its end.
 */
final class ResultsLog {
  static final String HEADING = "## Results log";
  static final String HEADER = "| date | command | verdict | top finding |\n|---|---|---|---|";

  private ResultsLog() {}

  /** A new log holding {@code row}. */
  static String section(String row) {
    return HEADING + "\n\n" + HEADER + "\n" + row + "\n";
  }

  /** One table row; pipes and line breaks in the cells are escaped. */
  static String row(String date, String command, String verdict, String topFinding) {
    return "| "
        + cell(date)
        + " | `"
        + cell(command).replace("`", "'")
        + "` | "
        + cell(verdict)
        + " | "
        + cell(topFinding)
        + " |";
  }

  /** {@code document} with {@code row} appended to its log (the log created when missing). */
  static String append(String document, String row) {
    List<String> lines = new ArrayList<>(Arrays.asList(document.split("\n", -1)));
    int heading = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (isLogHeading(lines.get(i))) {
        heading = i;
      }
    }
    if (heading < 0) {
      String separator =
          document.isEmpty() || document.endsWith("\n\n")
              ? ""
              : document.endsWith("\n") ? "\n" : "\n\n";
      return document + separator + section(row);
    }
    int lastTableLine = -1;
    for (int i = heading + 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("|")) {
        lastTableLine = i;
      } else if (lastTableLine >= 0 || line.startsWith("#")) {
        break;
      }
    }
    if (lastTableLine < 0) {
      lines.add(heading + 1, "");
      lines.add(heading + 2, HEADER + "\n" + row);
    } else {
      lines.add(lastTableLine + 1, row);
    }
    return String.join("\n", lines);
  }

  private static boolean isLogHeading(String line) {
    String text = line.strip();
    return text.startsWith("#")
        && text.replaceFirst("^#+", "").strip().toLowerCase(Locale.ROOT).equals("results log");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("\\s*\n\\s*", " ").strip();
  }
}
