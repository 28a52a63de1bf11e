package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.probe.IncidentEvidence;
import dev.hangdoctor.probe.ServerDiagnosis;
import dev.hangdoctor.probe.TimedCheck;
import dev.hangdoctor.probe.WatchListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Prints a watch as it goes: one status line per check, rewritten in place ({@code \r}) on a
 * terminal and one plain line each otherwise (journald, a log file); incidents, deleted bundles and
 * recoveries always on lines of their own.
 */
final class WatchStatusPrinter implements WatchListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final String CLEAR_TO_END = "\u001b[K";

  private final PrintWriter out;
  private final boolean live;
  private final int failures;
  private final Redactor redactor;
  private boolean lineOpen;

  WatchStatusPrinter(PrintWriter out, boolean live, int failures) {
    this(out, live, failures, Redactor.DEFAULT);
  }

  WatchStatusPrinter(PrintWriter out, boolean live, int failures, Redactor redactor) {
    this.out = out;
    this.live = live;
    this.failures = failures;
    this.redactor = redactor;
  }

  @Override
  public void onCheck(TimedCheck check, int failuresInARow, boolean inIncident) {
    String state =
        !check.result().failing()
            ? "ok  "
            : inIncident ? "DOWN" : "FAIL " + failuresInARow + "/" + failures;
    String line =
        String.format(
            "%s  check %d  %s  %s",
            TIME.format(check.at()),
            check.number(),
            state,
            redactor.text(check.result().summary()));
    if (live) {
      out.print("\r" + line + CLEAR_TO_END);
      lineOpen = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onIncident(Path bundle, IncidentEvidence evidence, List<Path> deleted) {
    StringBuilder line = new StringBuilder("incident: evidence written to ").append(bundle);
    for (ServerDiagnosis server : evidence.diagnoses()) {
      line.append(server.diagnosis().hangFound() ? "; hang found in PID " : "; no hang in PID ")
          .append(server.pid());
    }
    for (String note : evidence.notes()) {
      line.append("; not diagnosed: ").append(redactor.text(note));
    }
    println(line.toString());
    for (Path old : deleted) {
      println("deleted the oldest bundle " + old + " (--max-bundles)");
    }
  }

  @Override
  public void onBundleFailed(String why) {
    println("incident: the evidence bundle could not be written: " + why);
  }

  @Override
  public void onRecovery(Instant at) {
    println(TIME.format(at) + "  recovered");
  }

  /** Ends the live line, if one is open, so what follows starts on a line of its own. */
  void finish() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
    out.flush();
  }

  private void println(String line) {
    finish();
    out.println(line);
    out.flush();
  }
}
