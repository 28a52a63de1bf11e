package dev.hangdoctor.rules.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.signatures.Fixtures;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JVM signature on the evidence recorded from the corpus programs (evidence/jvm/, `inspect
 * --json` of each case on OpenJDK 17.0.15 and Temurin 25.0.3): the right verdict leads, on the
 * right thread, naming the frames to change; no JVM rule fires on another case; the healthy JVMs
 * get no finding of MEDIUM or HIGH confidence.
 */
class JvmSignaturesTest {
  /** A recorded case: the verdict that must lead, its thread, the frames it must name. */
  record Case(
      String name, String rule, String thread, List<String> frames, Confidence confidence) {}

  private static final List<Case> HANGS =
      List.of(
          new Case(
              "ledger-transfer-deadlock",
              JvmLockDeadlock.ID,
              "settlement-\\d",
              List.of("Ledger.java:transfer", "SettlementJob.java:settle"),
              Confidence.HIGH),
          new Case(
              "session-registry-mixed-deadlock",
              JvmLockDeadlock.ID,
              "session-sweeper|http-worker-1",
              List.of("SessionRegistry.java:expireIdle", "SessionStore.java:save"),
              Confidence.HIGH),
          new Case(
              "codec-class-init-deadlock",
              JvmClassInitDeadlock.ID,
              "importer-headers",
              List.of("Codec.java:<clinit>"),
              Confidence.HIGH),
          new Case(
              "report-pool-nested-get",
              JvmPoolStarvation.ID,
              "report-worker-\\d",
              List.of("ReportService.java:build"),
              Confidence.HIGH),
          new Case(
              "commonpool-batch-starvation",
              JvmPoolStarvation.ID,
              "ForkJoinPool\\.commonPool-worker-\\d+",
              List.of("BatchIngester.java:ingestNow"),
              Confidence.HIGH),
          new Case(
              "core-loader-await-termination",
              JvmExecutorCloseWaits.ID,
              "main",
              List.of("CoreContainer.java:load", "ReplicaClient.java:fetchIndexVersion"),
              Confidence.HIGH),
          new Case(
              "crl-fetch-no-read-timeout",
              JvmSocketReadNoTimeout.ID,
              "cert-validator",
              List.of("CrlCache.java:fetch"),
              Confidence.HIGH),
          new Case(
              "image-batch-pool-keeps-jvm",
              JvmNonDaemonKeepsAlive.ID,
              "pool-1-thread-\\d+",
              List.of(),
              Confidence.HIGH),
          new Case(
              "async-client-future-never-completed",
              JvmFutureNeverCompleted.ID,
              "main",
              List.of("CatalogService.java:main"),
              Confidence.HIGH),
          new Case(
              "rest-client-connection-leak",
              JvmConnectionPoolExhausted.ID,
              "main",
              List.of("ConnectionPool.java:lease", "ComputeClient.java:createSnapshot"),
              Confidence.HIGH),
          new Case(
              "ssh-known-hosts-lock-over-io",
              JvmLockHeldAcrossIo.ID,
              "qtp-worker-\\d",
              List.of("SshSessions.java:open"),
              Confidence.HIGH),
          new Case(
              "vthread-pinned-in-class-init",
              JvmVirtualThreadPinned.ID,
              "request-\\d",
              List.of("TaxRules.java:<clinit>"),
              Confidence.HIGH),
          new Case(
              "checksum-loop-blocks-safepoint",
              JvmSafepointStall.ID,
              "checksummer",
              List.of(),
              Confidence.HIGH));

  private static final List<String> CONTROLS =
      List.of("idle-http-server", "busy-thumbnail-pool", "nightly-sync-sleeping");

  /** Findings another JVM rule may add beside the leading one (on another thread). */
  private static final Map<String, Set<String>> ALSO =
      Map.of(
          "core-loader-await-termination",
          Set.of(JvmSocketReadNoTimeout.ID),
          "ssh-known-hosts-lock-over-io",
          Set.of(JvmSocketReadNoTimeout.ID, JvmExecutorCloseWaits.ID));

  static Stream<Arguments> hangs() {
    return HANGS.stream()
        .flatMap(
            c ->
                Stream.of(17, 25)
                    .filter(jdk -> jdk == 25 || !c.name().startsWith("vthread"))
                    .map(jdk -> Arguments.of(c, jdk)));
  }

  static Stream<Arguments> controls() {
    return CONTROLS.stream().flatMap(c -> Stream.of(17, 25).map(jdk -> Arguments.of(c, jdk)));
  }

  private static Inspection load(String name, int jdk) {
    return Fixtures.load("jvm/" + name + "-" + jdk);
  }

  @ParameterizedTest(name = "{0} on JDK {1}")
  @MethodSource("hangs")
  void theRightVerdictLeadsOnTheRightThreadNamingTheFramesToChange(Case hang, int jdk) {
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(load(hang.name(), jdk));

    assertThat(diagnosis.findings()).as("findings of %s", hang.name()).isNotEmpty();
    Finding lead = diagnosis.findings().get(0);
    assertThat(lead.ruleId()).isEqualTo(hang.rule());
    assertThat(lead.confidence()).isEqualTo(hang.confidence());
    assertThat(lead.threadName()).matches(Pattern.compile(hang.thread()));
    for (String expected : hang.frames()) {
      String file = expected.substring(0, expected.indexOf(':'));
      String method = expected.substring(expected.indexOf(':') + 1);
      assertThat(lead.keyFrames())
          .as("key frames of %s", hang.name())
          .anySatisfy(
              frame -> {
                assertThat(frame.file()).isEqualTo(file);
                assertThat(frame.function()).isEqualTo(method);
              });
    }
    assertThat(lead.evidence()).isNotEmpty();
    assertThat(lead.explanation()).isNotBlank();
    assertThat(lead.fix()).isNotBlank();
  }

  @ParameterizedTest(name = "{0} on JDK {1}")
  @MethodSource("hangs")
  void noOtherJvmRuleFires(Case hang, int jdk) {
    Inspection inspection = load(hang.name(), jdk);
    Set<String> allowed = ALSO.getOrDefault(hang.name(), Set.of());

    for (Rule rule : JvmSignatures.all()) {
      if (rule.id().equals(hang.rule()) || allowed.contains(rule.id())) {
        continue;
      }
      assertThat(rule.evaluate(inspection))
          .as("%s on %s (JDK %d)", rule.id(), hang.name(), jdk)
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} on JDK {1}")
  @MethodSource("controls")
  void healthyJvmsGetNoFindingOfMediumOrHighConfidence(String control, int jdk) {
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(load(control, jdk));

    assertThat(diagnosis.findings())
        .as("findings on the healthy %s (JDK %d)", control, jdk)
        .allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
    assertThat(diagnosis.healthyReasons())
        .anySatisfy(r -> assertThat(r).startsWith("the JVM's own"));
  }

  @ParameterizedTest(name = "{0} on JDK {1}")
  @MethodSource("hangs")
  void javaKeyFramesAreTheApplicationsFirst(Case hang, int jdk) {
    Finding lead = KnownSignatures.engine().diagnose(load(hang.name(), jdk)).findings().get(0);
    List<PythonFrame> frames = lead.keyFrames();
    if (!hang.frames().isEmpty()) {
      assertThat(frames.get(0).qualifiedName()).startsWith("com.example.");
      assertThat(frames.get(0).line()).isPositive();
    }
  }
}
