package dev.hangdoctor.probe;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real diagnosis the CLI wires (Python stacks included), and the fixtures' oracles. */
final class LiveProcessDiagnoser {
  static final SamplingPlan WINDOW = new SamplingPlan(3, Duration.ofMillis(500));

  private LiveProcessDiagnoser() {}

  static ProcessDiagnoser create() {
    ProcFs procFs = ProcFs.system();
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    InspectionCollector collector =
        new InspectionCollector(
            ProcessReader.system(), tree, new PythonStackReader(procFs)::read, Pause.SLEEP);
    return (pid, own) ->
        new Diagnoser(collector, tree, KnownSignatures.engine(own)).diagnose(pid, WINDOW);
  }

  static Prober prober(ProbeSettings settings) {
    return new Prober(new HttpProbe(settings), new ServerFinder(ProcFs.system()), create());
  }

  static Path fixture(String name) {
    try {
      return Path.of(LiveProcessDiagnoser.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code file:line} of the line carrying {@code # hangs here} in the fixture. */
  static String markedLine(Path fixture) throws IOException {
    List<String> lines = Files.readAllLines(fixture);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("# hangs here")) {
        return fixture.getFileName() + ":" + (i + 1);
      }
    }
    throw new AssertionError("no '# hangs here' marker in " + fixture);
  }
}
