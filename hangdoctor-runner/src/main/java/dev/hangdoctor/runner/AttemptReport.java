package dev.hangdoctor.runner;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.AtomicFile;
import dev.hangdoctor.diagnosis.report.DiagnosisReports;
import dev.hangdoctor.evidence.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of one attempt under {@code DIR/attempt-N/}: {@code summary.txt} (command, outcome,
 * exit status, duration, what the kill did) and, for a hang, the diagnosis of every process in
 * text, JSON and Markdown tracker form: {@code diagnosis.*} for the command's tree and {@code
 * escaped-PID.*} for each tree that left it. Every file is written whole or not at all.
 */
final class AttemptReport {
  static final String SUMMARY = "summary.txt";

  private final Path dir;
  private final String reproduction;
  private final Redactor redactor;

  AttemptReport(Path reportRoot, int attempt, String reproduction) {
    this(reportRoot, attempt, reproduction, Redactor.DEFAULT);
  }

  AttemptReport(Path reportRoot, int attempt, String reproduction, Redactor redactor) {
    this.dir = reportRoot.resolve("attempt-" + attempt);
    this.reproduction = reproduction;
    this.redactor = redactor;
  }

  Path dir() {
    return dir;
  }

  /** Writes the diagnoses, keyed by file stem ("diagnosis", "escaped-4242"); returns the files. */
  List<Path> writeDiagnoses(Map<String, Diagnosis> diagnoses) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Diagnosis> entry : diagnoses.entrySet()) {
      Diagnosis diagnosis = entry.getValue();
      written.add(
          write(
              entry.getKey() + ".txt",
              DiagnosisReports.text(diagnosis, OutputStyle.PLAIN.withRedactor(redactor))));
      written.add(write(entry.getKey() + ".json", DiagnosisReports.json(diagnosis, redactor)));
      written.add(
          write(
              entry.getKey() + ".md",
              DiagnosisReports.markdownTracker(diagnosis, reproduction, null, redactor)));
    }
    return written;
  }

  /** Writes {@code summary.txt}: one "key: value" line per entry. */
  Path writeSummary(Map<String, String> entries) throws IOException {
    StringBuilder text = new StringBuilder();
    entries.forEach(
        (key, value) -> text.append(key).append(": ").append(redactor.text(value)).append('\n'));
    return write(SUMMARY, text.toString());
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    AtomicFile.write(file, text);
    return file;
  }
}
