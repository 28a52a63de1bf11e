package dev.hangdoctor.runner;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A run in a test: real diagnosis, output captured, status lines recorded. */
final class Runs implements RunEvents {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final List<String> statusLines = new CopyOnWriteArrayList<>();
  final List<String> shownDiagnoses = new CopyOnWriteArrayList<>();

  static TreeDiagnoser liveDiagnoser() {
    return pid -> {
      ProcFs procFs = ProcFs.system();
      ProcessTreeReader tree = new ProcessTreeReader(procFs);
      Diagnoser diagnoser =
          new Diagnoser(
              new InspectionCollector(
                  ProcessReader.system(), tree, new PythonStackReader(procFs)::read, Pause.SLEEP),
              tree,
              KnownSignatures.engine());
      return diagnoser.diagnose(pid, SamplingPlan.DEFAULT);
    };
  }

  RunResult run(RunOptions options) throws InterruptedException {
    return runner(options).run();
  }

  Runner runner(RunOptions options) {
    return new Runner(options, liveDiagnoser(), ChildIo.capture(out, err), this, Ticker.SYSTEM);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String status() {
    return String.join("\n", statusLines);
  }

  @Override
  public void status(String line) {
    statusLines.add(line);
  }

  @Override
  public void diagnosis(String text) {
    shownDiagnoses.add(text);
  }
}
