package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.PortKernelReader;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.SamplingProgress;
import dev.hangdoctor.diagnosis.report.AtomicFile;
import dev.hangdoctor.diagnosis.report.DiagnosisReports;
import dev.hangdoctor.diagnosis.report.PortAnswers;
import dev.hangdoctor.diagnosis.report.PortHolders;
import dev.hangdoctor.diagnosis.report.PortJson;
import dev.hangdoctor.diagnosis.report.PortKernelView;
import dev.hangdoctor.diagnosis.report.PortReportText;
import dev.hangdoctor.diagnosis.report.Verdict;
import dev.hangdoctor.diagnosis.report.WriteFailure;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.probe.HttpProbe;
import dev.hangdoctor.probe.ProbeResult;
import dev.hangdoctor.probe.ProbeSettings;
import dev.hangdoctor.rules.RuleEngine;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Diagnoses one live process and its descendants (with a progress line on a terminal when it takes
 * long), prints the report, writes the Markdown tracker when asked, and decides the exit code: 1
 * when a finding at least as sure as {@code --fail-on} was made, 0 when not, 11 (or 4) when
 * hangdoctor could not look, unless the evidence itself was cut short (target exited 7, refused 4).
 * Shared by {@code diagnose} and {@code demo}.
 */
final class DiagnoseRun {
  /** The report forms asked for. {@code markdown} is {@code null} when no tracker is written. */
  record Forms(boolean json, Path markdown, String reproduction) {}

  private final ProcFs procFs;
  private final PrintWriter out;
  private final PrintWriter err;
  private final RuleEngine engine;
  private final OutputOptions output;
  private final Terminal terminal;
  private static final Duration PORT_PROBE_TIMEOUT = Duration.ofSeconds(3);

  DiagnoseRun(
      ProcFs procFs, PrintWriter out, PrintWriter err, OutputOptions output, Terminal terminal) {
    this.procFs = procFs;
    this.out = out;
    this.err = err;
    this.engine = KnownSignatures.engine();
    this.output = output;
    this.terminal = terminal;
  }

  ExitCode run(int pid, SamplingPlan plan, Forms forms, Confidence failOn)
      throws InterruptedException {
    return run(pid, plan, forms, failOn, 0);
  }

  /**
   * As above; with {@code port} (when the target was named by a port, else 0), the report ends with
   * the port's section ({@link #runPort}).
   */
  ExitCode run(int pid, SamplingPlan plan, Forms forms, Confidence failOn, int port)
      throws InterruptedException {
    if (port > 0) {
      return runPort(List.of(pid), plan, forms, failOn, port);
    }
    Diagnosis diagnosis;
    try (ProgressLine progress = ProgressLine.start(err, terminal, "diagnosing PID " + pid)) {
      diagnosis = diagnose(pid, plan, progress);
    }
    out.print(
        forms.json()
            ? DiagnosisReports.json(diagnosis, output.redactor())
            : DiagnosisReports.text(diagnosis, output.stdout(terminal)));
    out.flush();
    if (forms.markdown() != null) {
      writeTracker(diagnosis, forms);
    }
    return outcome(pid, diagnosis, failOn);
  }

  /**
   * Diagnoses every process tree holding {@code port} (one per target pid, each in its own window,
   * one after another), prints each report, then the port's section: per process whether it
   * answers, from its findings and the kernel's evidence (its epoll watching the listener, a thread
   * in accept(), the accept queue before and after the windows), and one bounded GET / to the port.
   * The exit status is the worst of the trees'; a port held only by processes that never accept is
   * a hang too.
   */
  ExitCode runPort(List<Integer> pids, SamplingPlan plan, Forms forms, Confidence failOn, int port)
      throws InterruptedException {
    PortKernelReader kernel = new PortKernelReader(procFs);
    Map<Long, Long> queuesAtStart = kernel.start(port);
    List<Diagnosis> diagnoses = new ArrayList<>();
    for (int pid : pids) {
      try (ProgressLine progress = ProgressLine.start(err, terminal, "diagnosing PID " + pid)) {
        diagnoses.add(diagnose(pid, plan, progress));
      }
    }
    PortKernelView view = kernel.finish(port, queuesAtStart);
    PortAnswers.PortReport report =
        PortAnswers.report(
            diagnoses, view, probeLine(diagnoses, port, PortAnswers.report(diagnoses, view, null)));
    if (forms.json()) {
      out.print(PortJson.render(diagnoses, report, output.redactor()));
    } else {
      for (int i = 0; i < diagnoses.size(); i++) {
        if (diagnoses.size() > 1) {
          out.printf(
              "%s=== PID %d: %d of %d process trees on port %d ===%n",
              i == 0 ? "" : "\n", diagnoses.get(i).pid(), i + 1, diagnoses.size(), port);
        }
        out.print(DiagnosisReports.text(diagnoses.get(i), output.stdout(terminal)));
      }
      out.print(PortReportText.text(report));
    }
    out.flush();
    if (forms.markdown() != null) {
      writeTracker(diagnoses.get(0), forms);
    }
    ExitCode worst = ExitCode.OK;
    for (Diagnosis diagnosis : diagnoses) {
      worst = worse(worst, outcome(diagnosis.pid(), diagnosis, failOn));
    }
    if (worst != ExitCode.HANG_FOUND && PortAnswers.heldButNeverAccepted(report)) {
      err.printf(
          "hangdoctor: exit status 1: connections to port %d wait unanswered: %s%n",
          port, "a listening socket is held only by processes that never accept them");
      err.flush();
      return ExitCode.HANG_FOUND;
    }
    return worst;
  }

  /** The status of one tree's diagnosis: what the evidence allows, else the verdict's. */
  private ExitCode outcome(int pid, Diagnosis diagnosis, Confidence failOn) {
    ExitCode evidence = new InspectRun(procFs, out, err).outcome(pid, diagnosis.inspection());
    if (evidence != ExitCode.OK) {
      return evidence;
    }
    return verdictCode(Verdict.of(diagnosis), diagnosis, failOn);
  }

  /** A hang found beats everything; any other failure beats no hang found. */
  static ExitCode worse(ExitCode a, ExitCode b) {
    if (a == ExitCode.HANG_FOUND || b == ExitCode.HANG_FOUND) {
      return ExitCode.HANG_FOUND;
    }
    return a != ExitCode.OK ? a : b;
  }

  /**
   * One bounded GET / to the port, taken after the windows so it is no part of them, with what it
   * can tell: on a socket shared by workers, whichever takes it first answers; with SO_REUSEPORT
   * the kernel picks one socket per connection, so one probe tests one of them.
   */
  private static String probeLine(
      List<Diagnosis> diagnoses, int port, PortAnswers.PortReport shape) {
    URI url = URI.create("http://" + PortHolders.probeHost(diagnoses, port) + ":" + port + "/");
    ProbeSettings settings =
        new ProbeSettings(
            PORT_PROBE_TIMEOUT,
            ProbeSettings.DEFAULT_CONNECT_TIMEOUT,
            ProbeSettings.DEFAULT_SLOW,
            false,
            64 * 1024);
    ProbeResult result = new HttpProbe(settings).probe(url);
    String caveat =
        shape.sockets().size() > 1
            ? " (SO_REUSEPORT: the kernel hands each connection to one of the "
                + shape.sockets().size()
                + " sockets by a hash of the client's address, so one probe tests one socket, not"
                + " the port)"
            : shape.processes().size() > 1
                ? " (whichever process accepts first takes a connection: an answer says some"
                    + " process answers, not which)"
                : "";
    if (result.status() > 0) {
      return "GET " + url + " answered HTTP " + result.status() + caveat;
    }
    return "GET "
        + url
        + ": "
        + result.outcome().label()
        + result.failedIn().map(p -> " (" + p + ")").orElse("")
        + " within "
        + PORT_PROBE_TIMEOUT.toSeconds()
        + " s: nobody took the request"
        + caveat;
  }

  /**
   * 1 for a hang at least as sure as {@code failOn} (or a stopped process), 0 for none; when
   * hangdoctor could not look, never 0: 4 when the kernel refused, else 11, with what is missing on
   * stderr.
   */
  private ExitCode verdictCode(Verdict verdict, Diagnosis diagnosis, Confidence failOn) {
    switch (verdict.kind()) {
      case STOPPED:
        return ExitCode.HANG_FOUND;
      case HANG:
        return verdict(diagnosis, failOn, err);
      case COULD_NOT_LOOK:
        BlindSpot spot = verdict.blindSpots().get(0);
        err.printf(
            "hangdoctor: could not look inside PID %d: %s not read (%s)%n",
            verdict.process().pid(), spot.what(), output.redactor().text(spot.why()));
        return verdict.refused() ? ExitCode.PERMISSION_DENIED : ExitCode.COULD_NOT_LOOK;
      default:
        return ExitCode.OK;
    }
  }

  /**
   * 1 for a finding at least as sure as {@code failOn}; 0 otherwise, saying so on stderr when the
   * report shows findings that are all less sure.
   */
  static ExitCode verdict(Diagnosis diagnosis, Confidence failOn, PrintWriter err) {
    if (diagnosis.hangFound(failOn)) {
      return ExitCode.HANG_FOUND;
    }
    if (diagnosis.hangFound()) {
      err.printf(
          "hangdoctor: exit status 0: every finding is less sure than %s (--fail-on %s)%n",
          failOn, failOn.name().toLowerCase(java.util.Locale.ROOT));
      err.flush();
    }
    return ExitCode.OK;
  }

  Diagnosis diagnose(int pid, SamplingPlan plan, SamplingProgress progress)
      throws InterruptedException {
    try {
      return LiveDiagnosis.diagnoser(procFs, engine, output.redactor())
          .diagnose(pid, plan, progress);
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw new HangdoctorException(
            ExitCode.NO_SUCH_TARGET, "PID " + pid + " exited before it could be read");
      }
      if (e.permissionDenied()) {
        throw new HangdoctorException(
            ExitCode.PERMISSION_DENIED,
            PermissionAdvice.explain(
                pid,
                PtraceAccess.of(procFs, pid),
                List.of(e.toGap("process status (/proc/PID/stat)"))));
      }
      throw new HangdoctorException(ExitCode.INTERNAL_ERROR, e.getMessage());
    }
  }

  /**
   * Writes the tracker into an existing directory, never creating one: a mistyped path is the
   * user's error (exit 2, after the report), not a reason to make directories.
   */
  private void writeTracker(Diagnosis diagnosis, Forms forms) {
    Path file = forms.markdown();
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new HangdoctorException(
          ExitCode.USAGE,
          "cannot write the tracker "
              + file
              + ": "
              + (Files.exists(dir) ? dir + " is not a directory" : "no directory " + dir)
              + " (hangdoctor does not create directories; the report above is complete)");
    }
    try {
      String existing;
      try {
        existing = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        existing = null;
      }
      AtomicFile.write(
          file,
          DiagnosisReports.markdownTracker(
              diagnosis, forms.reproduction(), existing, engine, output.redactor()));
      err.printf(
          "hangdoctor: %s the stability tracker %s%n",
          existing == null ? "wrote" : "added a results-log row to", file);
    } catch (IOException e) {
      throw new HangdoctorException(
          ExitCode.USAGE,
          "cannot write the tracker "
              + file
              + ": "
              + WriteFailure.describe(e)
              + " (after the report)");
    }
  }
}
