package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import dev.hangdoctor.testkit.Windows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged command line, run as users run it: the shaded jar on every JDK, and the launcher.
 */
class CliEndToEndIT {
  private static final Path JAR = Path.of(System.getProperty("hangdoctor.jar"));
  private static final Path ROOT = Path.of(System.getProperty("hangdoctor.root"));

  static List<JdkHome> jdks() {
    List<JdkHome> jdks = Interpreters.jdks();
    if (Tool.underCi()) {
      // CI must test on JDK 17 and on a current JDK; elsewhere, on whichever JDKs there are.
      Tool.JDK_17.require(jdks.stream().filter(j -> j.feature() == 17).findFirst());
      Tool.CURRENT_JDK.require(jdks.stream().filter(j -> j.feature() >= 21).findFirst());
    }
    return jdks;
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void versionNamesTheRuntime(JdkHome jdk) throws Exception {
    Result result = run(jdk, List.of("--version"), Map.of());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("hangdoctor 0.").contains("Java " + jdk.feature());
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void inspectsARealTarget(JdkHome jdk) throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      Result result =
          run(jdk, List.of("inspect", Long.toString(target.pid()), "--samples", "2"), Map.of());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("pipe-reader").contains("spinner").contains("sleeper");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void diagnoseNamesTheSpinnerAndExits1(JdkHome jdk) throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      String spinTid = target.ready().get("spin_tid");

      Windows.all(
          "diagnose naming the spinner, exit 1",
          () -> run(jdk, List.of("diagnose", Long.toString(target.pid())), Map.of()),
          result -> {
            assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.HANG_FOUND.code());
            assertThat(result.out())
                .containsPattern(
                    "(?m)^HANG.*: CPU spin without progress in thread \"spinner\" \\(tid "
                        + spinTid
                        + "\\)$");
          });
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void demoDiagnosesTheStuckServiceAndLeavesNothingRunning(JdkHome jdk) throws Exception {
    Tool.PYTHON3.require(Interpreters.python3());
    Result result = run(jdk, List.of("demo"), Map.of());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("started a price service")
        .containsPattern("/health\n  no answer: timed out after \\d+ ms")
        .containsPattern("(?m)^HANG: ")
        .containsPattern("stuck_service\\.py:\\d+\\)")
        .contains("Stopped the demo service");
    assertThat(processesRunning("stuck_service.py")).isEmpty();
  }

  @Test
  void launcherPicksTheNewestJdkAndStartsFromTheBuildsCache(@TempDir Path tmp) throws Exception {
    Path launcher = ROOT.resolve("bin/hangdoctor");
    int newest = Interpreters.jdks().stream().mapToInt(JdkHome::feature).max().orElseThrow();
    Path loaded = tmp.resolve("classes.log");
    // JDK_JAVA_OPTIONS reaches the JVM the launcher starts; its log says where Main came from.
    Map<String, String> env =
        Map.of(
            "XDG_CACHE_HOME",
            tmp.resolve("cache").toString(),
            "JDK_JAVA_OPTIONS",
            "-Xlog:class+load=info:file=" + loaded);

    Result result = runCommand(List.of(launcher.toString(), "--version"), env);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("hangdoctor 0.").contains("Java " + newest + ".");
    assertThat(Files.readString(loaded))
        .as("the build made a start-up cache beside the jar, and the launcher used it")
        .containsPattern("dev\\.hangdoctor\\.cli\\.Main source: shared objects file");
    assertThat(tmp.resolve("cache")).as("nothing made on first use").doesNotExist();
  }

  @Test
  void launcherMakesAStartupCacheOnFirstUseOfAnotherJdk(@TempDir Path cache) throws Exception {
    JdkHome jdk17 =
        Tool.JDK_17.require(
            Interpreters.jdks().stream().filter(j -> j.feature() == 17).findFirst());
    Path launcher = ROOT.resolve("bin/hangdoctor");
    Map<String, String> env =
        Map.of("XDG_CACHE_HOME", cache.toString(), "HANGDOCTOR_JAVA", jdk17.java().toString());

    Result first = runCommand(List.of(launcher.toString(), "--version"), env);
    Result second = runCommand(List.of(launcher.toString(), "--version"), env);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).as("no note when stderr is not a terminal").isEmpty();
    assertThat(first.out()).startsWith("hangdoctor 0.").contains("Java 17.");
    assertThat(second.out()).isEqualTo(first.out());
    try (Stream<Path> archives = Files.list(cache.resolve("hangdoctor"))) {
      assertThat(archives.map(Path::toString))
          .as("one AppCDS archive, no temporary file left")
          .singleElement()
          .asString()
          .endsWith(".jsa");
    }
    Map<String, String> off = new java.util.HashMap<>(env);
    off.put("HANGDOCTOR_CACHE", "off");
    assertThat(runCommand(List.of(launcher.toString(), "--version"), off).out())
        .isEqualTo(first.out());
  }

  @Test
  void anotherUsersProcessGivesThePermissionAdviceAndExit4() throws Exception {
    Tool.ROOT.require("0".equals(runCommand(List.of("id", "-u"), Map.of()).out().strip()));
    JdkHome jdk = jdks().get(0);
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      List<String> command =
          new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      command.addAll(
          javaCommand(jdk, List.of("inspect", Long.toString(target.pid()), "--samples", "1")));

      Result result = runCommand(command, Map.of("HOME", "/tmp"));

      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.PERMISSION_DENIED.code());
      assertThat(result.err())
          .contains("belongs to uid 0 and you are uid 65534")
          .contains("CAP_SYS_PTRACE")
          .doesNotContain("Exception");
      assertThat(result.out()).contains("PID " + target.pid()).contains("NOT READ");
    }
  }

  @Test
  void dumpAsAnotherUserSaysWhyTheMemoryIsRefused() throws Exception {
    Tool.ROOT.require("0".equals(runCommand(List.of("id", "-u"), Map.of()).out().strip()));
    JdkHome jdk = jdks().get(0);
    // Sleeping threads only: a spinning thread would be a (MEDIUM) hang from what the kernel
    // still shows another user (its CPU time), which is a finding, not "could not look".
    try (Target target = Target.start(TargetSpec.c("sleeping_daemon.c"))) {
      List<String> command =
          new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      command.addAll(javaCommand(jdk, List.of("dump", Long.toString(target.pid()))));

      Result result = runCommand(command, Map.of("HOME", "/tmp"));

      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.PERMISSION_DENIED.code());
      assertThat(result.err())
          .contains("belongs to uid 0 and you are uid 65534")
          .doesNotContain("Exception");
      assertThat(result.out()).contains("PID " + target.pid());
    }
  }

  @Test
  void diagnoseAsAnotherUserSaysItCouldNotLookNeverNoHang() throws Exception {
    Tool.ROOT.require("0".equals(runCommand(List.of("id", "-u"), Map.of()).out().strip()));
    JdkHome jdk = jdks().get(0);
    // Sleeping threads only: a spinning thread would be a (MEDIUM) hang from what the kernel
    // still shows another user (its CPU time), which is a finding, not "could not look".
    try (Target target = Target.start(TargetSpec.c("sleeping_daemon.c"))) {
      List<String> command =
          new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      command.addAll(javaCommand(jdk, List.of("diagnose", Long.toString(target.pid()))));

      Result result = runCommand(command, Map.of("HOME", "/tmp"));

      assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.PERMISSION_DENIED.code());
      assertThat(result.out().lines().findFirst().orElseThrow())
          .startsWith("could not look inside PID " + target.pid() + ": the kernel refused")
          .contains("thread waits (wchan, syscall)");
      assertThat(result.out())
          .contains("  missing  ")
          .contains("it belongs to uid 0 and you are uid 65534")
          .doesNotContain("no hang found");
    }
  }

  @Test
  void withoutAUtf8LocaleTheReportIsAscii() throws Exception {
    JdkHome jdk = jdks().get(0);
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      List<String> args = List.of("diagnose", Long.toString(target.pid()), "--samples", "2");
      Result cLocale = run(jdk, args, Map.of("LC_ALL", "C"));
      List<String> bare = new ArrayList<>(List.of("env", "-i"));
      bare.addAll(javaCommand(jdk, args));
      Result noEnvironment = runCommand(bare, Map.of());

      for (Result result : List.of(cLocale, noEnvironment)) {
        assertThat(result.out()).contains("PROCESSES (3)").contains("`- PID ");
        assertThat(result.out().chars()).as(result.out()).allMatch(c -> c < 0x80);
      }
      Result utf8 = run(jdk, args, Map.of("LC_ALL", "C.UTF-8"));
      assertThat(utf8.out()).contains("└─ PID ");
    }
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(JdkHome jdk, List<String> args, Map<String, String> env)
      throws Exception {
    return runCommand(javaCommand(jdk, args), env);
  }

  private static List<String> javaCommand(JdkHome jdk, List<String> args) {
    List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", JAR.toString()));
    command.addAll(args);
    return command;
  }

  private static Result runCommand(List<String> command, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile("hangdoctor-it-out", ".txt");
    Path err = Files.createTempFile("hangdoctor-it-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
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

  private static List<Long> processesRunning(String needle) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> pids = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) pids::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmdline =
              new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmdline.contains(needle)) {
            found.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // exited while we looked
        }
      }
    }
    return found;
  }
}
