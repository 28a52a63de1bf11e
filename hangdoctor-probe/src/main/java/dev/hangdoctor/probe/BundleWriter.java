package dev.hangdoctor.probe;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.DiagnosisReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes one incident's evidence bundle, a directory {@code incident-<UTC time>} holding {@code
 * checks.txt} (the failed checks and their probes), {@code diagnosis.txt}, and per diagnosed
 * process {@code diagnosis-<pid>.json} and {@code tracker-<pid>.md}. The directory is filled under
 * a hidden temporary name and renamed when complete, so a bundle is whole or absent, even if the
 * watch is interrupted or killed; leftovers of a killed watch are removed at the next start. Keeps
 * at most a given number of bundles, deleting the oldest.
 */
public final class BundleWriter {
  static final String PREFIX = "incident-";
  private static final String INCOMPLETE = "-incomplete";
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Redactor redactor;

  public BundleWriter(Path dir) {
    this(dir, Redactor.DEFAULT);
  }

  /** A writer whose files go through {@code redactor} ({@link Redactor#NONE}: as read). */
  public BundleWriter(Path dir, Redactor redactor) {
    this.dir = dir;
    this.redactor = redactor;
  }

  public Path dir() {
    return dir;
  }

  /** Writes the bundle of an incident that began at {@code at}; returns its directory. */
  public Path write(
      Instant at, List<TimedCheck> failedChecks, IncidentEvidence evidence, String reproduction)
      throws IOException {
    Files.createDirectories(dir);
    String name = uniqueName(PREFIX + NAME_TIME.format(at));
    Path temp = dir.resolve("." + name + INCOMPLETE);
    Path bundle = dir.resolve(name);
    try {
      Files.createDirectory(temp);
      write(temp.resolve("checks.txt"), redactor.text(checks(failedChecks)));
      write(
          temp.resolve("diagnosis.txt"),
          IncidentText.of(evidence, OutputStyle.PLAIN.withRedactor(redactor)));
      for (ServerDiagnosis server : evidence.diagnoses()) {
        write(
            temp.resolve("diagnosis-" + server.pid() + ".json"),
            DiagnosisReports.json(server.diagnosis(), redactor));
        write(
            temp.resolve("tracker-" + server.pid() + ".md"),
            DiagnosisReports.markdownTracker(server.diagnosis(), reproduction, null, redactor));
      }
      try {
        Files.move(temp, bundle, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, bundle);
      }
      return bundle;
    } finally {
      deleteTree(temp);
    }
  }

  /** Deletes the oldest bundles beyond {@code keep}; returns what was deleted, oldest first. */
  public List<Path> prune(int keep) throws IOException {
    List<Path> all = bundles();
    List<Path> deleted = new ArrayList<>();
    for (int i = 0; i < all.size() - keep; i++) {
      deleteTree(all.get(i));
      deleted.add(all.get(i));
    }
    return deleted;
  }

  /** The complete bundles in the directory, oldest first. */
  public List<Path> bundles() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          found.add(entry);
        }
      }
    }
    found.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return found;
  }

  /** Removes half-written bundles left by a watch that was killed. */
  public void removeIncomplete() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(dir, "." + PREFIX + "*" + INCOMPLETE)) {
      for (Path entry : entries) {
        deleteTree(entry);
      }
    }
  }

  private String uniqueName(String base) {
    String name = base;
    for (int n = 2; Files.exists(dir.resolve(name)); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private static String checks(List<TimedCheck> failedChecks) {
    StringBuilder out = new StringBuilder();
    for (TimedCheck check : failedChecks) {
      out.append("check ")
          .append(check.number())
          .append(" at ")
          .append(check.at())
          .append(": ")
          .append(check.result().summary())
          .append('\n');
      for (ProbeResult probe : check.result().probes()) {
        out.append("  ").append(ProbeLines.line(probe)).append('\n');
      }
    }
    return out.toString();
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
