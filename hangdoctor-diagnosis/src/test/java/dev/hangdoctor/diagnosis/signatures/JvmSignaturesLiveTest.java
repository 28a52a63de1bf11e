package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.JvmSource;
import dev.hangdoctor.diagnosis.LiveDiagnoser;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.PythonSource;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.jvm.JvmStackReader;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Windows;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM signatures on real hung JVMs of every JDK found, through the same live window as {@code
 * hangdoctor diagnose}: kernel snapshots with the Java threads asked over the attach socket.
 */
class JvmSignaturesLiveTest {
  static List<JdkHome> jdks() {
    return Interpreters.jdks();
  }

  private static Diagnoser diagnoser() {
    ProcFs procFs = ProcFs.system();
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    JvmStackReader jvm = JvmStackReader.system();
    JvmSource source =
        pid ->
            jvm.open(pid)
                .<JvmSource.Sampler>map(
                    session ->
                        new JvmSource.Sampler() {
                          @Override
                          public JvmStacks sample() throws InterruptedException {
                            return session.sample();
                          }

                          @Override
                          public boolean isJvm() {
                            return true;
                          }

                          @Override
                          public void close() {
                            session.close();
                          }
                        })
                .orElse(JvmSource.Sampler.NOT_A_JVM);
    return new Diagnoser(
        new InspectionCollector(
            ProcessReader.system(), tree, PythonSource.NONE, source, Pause.SLEEP),
        tree,
        KnownSignatures.engine());
  }

  /**
   * Diagnoses {@code pid} in every one of the independent windows after the target's handshake,
   * each of which must satisfy {@code holds}; returns the last.
   */
  private static Diagnosis inEveryWindow(long pid, String what, Predicate<Diagnosis> holds) {
    Diagnoser diagnoser = diagnoser();
    List<Diagnosis> windows =
        Windows.all(
            what,
            () -> diagnoser.diagnose((int) pid, LiveDiagnoser.WINDOW),
            d -> assertThat(holds.test(d)).as("%s: %s", what, d.findings()).isTrue());
    return windows.get(windows.size() - 1);
  }

  private static TargetSpec target(JdkHome jdk, List<String> options, String... mode) {
    return TargetSpec.java(jdk, "JvmTarget.java", options, mode);
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aMonitorDeadlockNamesBothThreadsAndTheirFrames(JdkHome jdk) {
    try (Target target = Target.start(target(jdk, List.of(), "monitor-deadlock"))) {
      Diagnosis diagnosis =
          inEveryWindow(
              target.pid(),
              "the deadlock to lead",
              d ->
                  !d.findings().isEmpty()
                      && d.findings().get(0).ruleId().equals("jvm-lock-deadlock"));

      Finding lead = diagnosis.findings().get(0);
      assertThat(lead.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(lead.threadName()).isIn("left", "right");
      assertThat(lead.keyFrames()).anySatisfy(f -> assertThat(f.function()).isEqualTo("lockBoth"));
      assertThat(lead.evidence())
          .anySatisfy(l -> assertThat(l).contains("\"left\"").contains("held by \"right\""))
          .anySatisfy(l -> assertThat(l).contains("HotSpot's own deadlock detector"));
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aSocketReadWithoutTimeoutNamesTheSocketFromTheKernel(JdkHome jdk) {
    try (Target target = Target.start(target(jdk, List.of(), "socket-read"))) {
      int port = target.readyInt("port");
      Diagnosis diagnosis =
          inEveryWindow(
              target.pid(),
              "the read to be seen for a whole window",
              d ->
                  d.findings().stream()
                      .anyMatch(f -> f.ruleId().equals("jvm-socket-read-no-timeout")));

      Finding finding =
          diagnosis.findings().stream()
              .filter(f -> f.ruleId().equals("jvm-socket-read-no-timeout"))
              .findFirst()
              .orElseThrow();
      assertThat(finding.threadName()).isEqualTo("reader");
      assertThat(finding.evidence())
          .anySatisfy(l -> assertThat(l).contains("ESTABLISHED").contains(":" + port));
      assertThat(finding.fix()).contains("setSoTimeout");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void anIdleJvmIsHealthyWithItsOwnThreadsFoldedIntoOneLine(JdkHome jdk) {
    try (Target target = Target.start(target(jdk, List.of(), "idle"))) {
      Diagnosis diagnosis = inEveryWindow(target.pid(), "a diagnosis", d -> true);

      assertThat(diagnosis.hangFound()).as(diagnosis.findings().toString()).isFalse();
      assertThat(diagnosis.inspection().latest().jvm().status()).isEqualTo(JvmStacks.Status.READ);
      assertThat(diagnosis.healthyReasons())
          .anySatisfy(r -> assertThat(r).startsWith("the JVM's own"))
          .anySatisfy(r -> assertThat(r).startsWith("main (tid"));
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aJvmThatRefusesAttachSaysWhyAndKeepsTheKernelEvidence(JdkHome jdk) {
    try (Target target =
        Target.start(target(jdk, List.of("-XX:+DisableAttachMechanism"), "socket-read"))) {
      Diagnosis diagnosis =
          inEveryWindow(
              target.pid(),
              "a diagnosis from the kernel alone",
              d -> d.inspection().latest().jvm() != null);

      JvmStacks jvm = diagnosis.inspection().latest().jvm();
      assertThat(jvm.status()).isEqualTo(JvmStacks.Status.ATTACH_DISABLED);
      assertThat(jvm.detail()).contains("-XX:+DisableAttachMechanism");
      assertThat(diagnosis.inspection().latest().threads()).isNotEmpty();
      assertThat(target.output()).doesNotContain("Full thread dump");
    }
  }
}
