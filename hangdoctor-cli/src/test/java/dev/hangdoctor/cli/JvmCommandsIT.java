package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged command line on real JVMs of every JDK found: Java stacks from {@code dump}, a
 * one-line reason when a JVM cannot be asked, and {@code run} diagnosing the JVM of a hung tree
 * before it kills it. No JDK tool is involved: hangdoctor runs on {@code java -jar} alone.
 */
class JvmCommandsIT {

  static List<JdkHome> jdks() {
    return Interpreters.jdks();
  }

  private static TargetSpec target(JdkHome jdk, List<String> options, String... mode) {
    return TargetSpec.java(jdk, "JvmTarget.java", options, mode);
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void dumpPrintsJavaStacksJoinedToKernelWaits(JdkHome jdk) throws Exception {
    try (Target target = Target.start(target(jdk, List.of(), "monitor-deadlock"))) {
      Result result = hangdoctor(List.of("dump", Long.toString(target.pid())), List.of());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out())
          .contains("JVM OpenJDK 64-Bit Server VM " + jdk.feature() + ".")
          // HotSpot's "responsible" waiter parks with a timeout and re-checks the monitor, so
          // a deadlocked thread is caught running now and then: the state letter may be R.
          .containsPattern(
              "(?m)^\"left\" #\\d+ tid \\d+  BLOCKED \\(on object monitor\\)   [RS]  futex")
          .containsPattern(
              "waiting to lock <0x[0-9a-f]+> \\(a java.lang.Object\\), held by \"right\"")
          .contains("at JvmTarget.lockBoth(JvmTarget.java:")
          .contains("JVM threads (")
          .contains("HotSpot reports a Java-level deadlock");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aJvmWithAttachDisabledGetsTheKernelEvidenceAndOneLineSayingWhy(JdkHome jdk)
      throws Exception {
    try (Target target =
        Target.start(target(jdk, List.of("-XX:+DisableAttachMechanism"), "idle"))) {
      Result result = hangdoctor(List.of("dump", Long.toString(target.pid())), List.of());

      assertThat(result.exitCode()).isEqualTo(ExitCode.NO_PYTHON_STACKS.code());
      assertThat(result.err())
          .isEqualTo(
              "hangdoctor: no Java stacks for PID "
                  + target.pid()
                  + ": the JVM was started with -XX:+DisableAttachMechanism: it does not accept"
                  + " attach; the kernel evidence is above\n");
      assertThat(result.out()).contains("PID " + target.pid()).contains("THREADS");
      assertThat(target.output()).doesNotContain("Full thread dump");
    }
  }

  @Test
  void anotherUsersJvmWithoutRootIsRefusedWithTheReason() throws Exception {
    assumeTrue("0".equals(run(List.of("id", "-u")).out().strip()), "needs root to switch user");
    JdkHome jdk = jdks().get(0);
    try (Target target = Target.start(target(jdk, List.of(), "idle"))) {
      List<String> asNobody =
          List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
      Result result = hangdoctor(List.of("dump", Long.toString(target.pid())), asNobody);

      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.PERMISSION_DENIED.code());
      assertThat(result.err())
          .contains("no Java stacks for PID " + target.pid())
          .contains("lets in only its own user")
          .doesNotContain("Exception");
      assertThat(target.output()).doesNotContain("Full thread dump");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void runDiagnosesTheHungJvmOfItsTreeBeforeTheKill(JdkHome jdk, @TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("JvmTarget.java");
    try (InputStream in =
        JvmCommandsIT.class.getResourceAsStream("/dev/hangdoctor/testkit/targets/JvmTarget.java")) {
      Files.write(source, in.readAllBytes());
    }
    // Compiled first (bounded), so that the run's deadline is spent in the program, not in the
    // source launcher's compiler: beside a CPU hog that took the whole 20 s.
    Path javac = jdk.java().resolveSibling("javac");
    Result compiled = run(List.of(javac.toString(), "-d", dir.toString(), source.toString()));
    assertThat(compiled.exitCode()).as(compiled.err()).isZero();
    Path report = dir.resolve("report");
    String child = jdk.java() + " -cp " + dir + " JvmTarget monitor-deadlock";

    Result result =
        hangdoctor(
            List.of(
                "run", "--timeout", "20s", "--report", report.toString(), "--", "sh", "-c", child),
            List.of());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.HUNG.code());
    String diagnosis = Files.readString(report.resolve("attempt-1").resolve("diagnosis.txt"));
    assertThat(diagnosis)
        .contains("HANG: Java lock deadlock in thread")
        .containsPattern("\"(left|right)\"")
        .contains("JvmTarget.lockBoth");
    assertThat(result.err()).contains("stopped the tree");
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result hangdoctor(List<String> args, List<String> prefix) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("hangdoctor.root"), "bin", "hangdoctor").toString());
    command.addAll(args);
    return run(command);
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("hangdoctor-jvm-it-out", ".txt");
    Path err = Files.createTempFile("hangdoctor-jvm-it-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("HOME", "/tmp");
    Process process = builder.start();
    try {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out: " + command);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
