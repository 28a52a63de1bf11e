package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.DefaultSigint;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hangdoctor run} through the launcher: the command's real stdout, signals, exit codes. */
class RunCommandIT {
  private static final Path JAR = Path.of(System.getProperty("hangdoctor.jar"));
  private static final Duration BOUND = Duration.ofSeconds(60);

  private static String java() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  private static String python() {
    return Tool.PYTHON3.require(Interpreters.python3()).toString();
  }

  /** The launcher users run: the newest JDK it finds and the build's start-up cache. */
  private static final Path LAUNCHER =
      Path.of(System.getProperty("hangdoctor.root"), "bin", "hangdoctor");

  private static List<String> hangdoctor(String... args) {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void theCommandsStdoutIsByteIdenticalAndItsExitStatusPassesThrough(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    Process process =
        new ProcessBuilder(
                hangdoctor(
                    "run",
                    "--timeout",
                    "60s",
                    "--",
                    python(),
                    "-c",
                    "import sys; sys.stdout.buffer.write(bytes(range(256)) * 64); sys.exit(7)"))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(7);
    byte[] expected = new byte[256 * 64];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) i;
    }
    assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    assertThat(Files.readString(err)).isEmpty();
  }

  @Test
  void theFirstSigintGoesToTheCommandAndTheSecondKillsItsTree() throws Exception {
    String child =
        "import os, signal, subprocess, sys, time\n"
            + "helper = subprocess.Popen(['sleep', '300'])\n"
            + "def on_int(sig, frame):\n"
            + "    print('got SIGINT', flush=True)\n"
            + "signal.signal(signal.SIGINT, on_int)\n"
            + "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            + "print('READY marker=' + os.environ['HANGDOCTOR_RUN'], flush=True)\n"
            + "while True:\n"
            + "    time.sleep(1)\n";
    try (Target run =
        Target.start(
            TargetSpec.command(
                DefaultSigint.command(
                    hangdoctor("run", "--kill-after", "1s", "--", python(), "-c", child))))) {
      long hangdoctorPid = run.pid();
      String marker = run.ready().get("marker");

      signal("INT", hangdoctorPid);
      Await.until("the command to get SIGINT", BOUND, () -> run.output().contains("got SIGINT"));
      assertThat(run.process().isAlive()).as("one Ctrl+C does not stop hangdoctor").isTrue();
      signal("INT", hangdoctorPid);

      assertThat(run.process().waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(run.process().exitValue()).as(run.output()).isEqualTo(130);
      Await.until("the drained output", BOUND, () -> run.output().contains("stopped the tree"));
      assertThat(run.output())
          .contains("[stderr] hangdoctor: interrupted: forwarded SIGINT to PID ")
          .contains("[stderr] hangdoctor: interrupted again: stopping the command's whole tree")
          .containsPattern("stopped the tree: 2 sent SIGTERM, 1 needed SIGKILL, none left");
      assertThat(carriers(marker)).isEmpty();
    }
  }

  @Test
  void aHangExits124WithTheEvidenceOnDisk(@TempDir Path tmp) throws Exception {
    Path reports = tmp.resolve("reports");
    Path err = tmp.resolve("err");
    Process process =
        new ProcessBuilder(
                hangdoctor(
                    "run",
                    // long enough for sh to have started both sleeps on a loaded machine
                    "--timeout",
                    "5s",
                    "--kill-after",
                    "1s",
                    "--report",
                    reports.toString(),
                    "--",
                    "sh",
                    "-c",
                    "sleep 300 & sleep 300 & wait"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(124);
    assertThat(Files.readString(err))
        .startsWith(
            "hangdoctor: attempt 1/1: timed out after 5.0 s; diagnosing 3 process(es) before"
                + " stopping them\n")
        .contains("stopped the tree: 3 sent SIGTERM, 0 needed SIGKILL, none left");
    Path attempt = reports.resolve("attempt-1");
    assertThat(Files.readString(attempt.resolve("summary.txt"))).contains("exit status: 124");
    String text = Files.readString(attempt.resolve("diagnosis.txt"));
    assertThat(text.lines().filter(line -> line.startsWith("PID ")).count())
        .as("sh and its two sleeps: " + text)
        .isEqualTo(3);
    assertThat(attempt.resolve("diagnosis.json")).exists();
    assertThat(attempt.resolve("diagnosis.md")).exists();
  }

  @Test
  void evidenceThatCannotBeWrittenIsShownOnStderrAndNeverClaimed(@TempDir Path tmp)
      throws Exception {
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    Path blocked = Files.writeString(reports.resolve("attempt-1"), "a file where the dir goes");
    Path err = tmp.resolve("err");
    Process process =
        new ProcessBuilder(
                hangdoctor(
                    "run",
                    "--timeout",
                    "1s",
                    "--kill-after",
                    "1s",
                    "--report",
                    reports.toString(),
                    "--",
                    "sleep",
                    "300"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    String stderr = Files.readString(err);
    assertThat(process.exitValue()).as(stderr).isEqualTo(124);
    assertThat(stderr)
        .contains(
            "hangdoctor: attempt 1/1: could not write the evidence to "
                + blocked
                + ": "
                + blocked
                + ": exists and is not a directory; the whole diagnosis follows on stderr\n")
        .containsPattern("(?m)^PID \\d+  sleep 300$")
        .contains("stopped the tree: 1 sent SIGTERM")
        .doesNotContain("evidence in ");
    assertThat(Files.readString(blocked)).isEqualTo("a file where the dir goes");
  }

  /**
   * {@code hangdoctor run -- CMD <&-} as a shell runs it: with its own stdin (or stdout) closed,
   * the JVM puts one of its files (lib/modules, the jar) under the free number; CMD must get
   * /dev/null instead, through the jar and through the launcher.
   */
  @Test
  void aClosedStdinOrStdoutReachesTheCommandAsDevNull(@TempDir Path tmp) throws Exception {
    Path launcher = Path.of(System.getProperty("hangdoctor.root"), "bin", "hangdoctor");
    for (String hangdoctor :
        List.of(
            ShellQuote.quote(java()) + " -jar " + ShellQuote.quote(JAR.toString()),
            ShellQuote.quote(launcher.toString()))) {
      Path catOut = tmp.resolve("cat.out");
      Shell cat = shell(hangdoctor + " run -- cat <&- >" + catOut);
      assertThat(cat.exitCode()).as(cat.err()).isZero();
      assertThat(Files.size(catOut)).as("cat printed what it got as stdin").isZero();

      Path links = tmp.resolve("links");
      String readlinks =
          " run -- sh -c 'a=$(readlink /proc/$$/fd/0); b=$(readlink /proc/$$/fd/1);"
              + " c=$(readlink /proc/$$/fd/2); printf \"%s\\n\" \"$a\" \"$b\" \"$c\" >"
              + links
              + "'";
      for (String closing : List.of("<&-", ">&-", "2>&-", "<&- >&- 2>&-")) {
        Shell run = shell(hangdoctor + readlinks + " " + closing);
        assertThat(run.exitCode()).as(closing + ": " + run.err()).isZero();
        List<String> targets = Files.readAllLines(links);
        assertThat(targets).as(closing).hasSize(3);
        assertThat(targets).as(closing).noneMatch(t -> t.contains("modules") || t.endsWith(".jar"));
        if (closing.contains("<&-")) {
          assertThat(targets.get(0)).as(closing).isEqualTo("/dev/null");
        }
        if (closing.contains(" >&-") || closing.startsWith(">&-")) {
          assertThat(targets.get(1)).as(closing).isEqualTo("/dev/null");
        }
        if (closing.contains("2>&-")) {
          assertThat(targets.get(2)).as(closing).isEqualTo("/dev/null");
        }
      }
    }
  }

  private record Shell(int exitCode, String err) {}

  private static Shell shell(String script) throws Exception {
    Path err = Files.createTempFile("hangdoctor-shell", ".err");
    Process process =
        new ProcessBuilder("bash", "-c", script)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as(script).isTrue();
      return new Shell(process.exitValue(), Files.readString(err));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Files.deleteIfExists(err);
    }
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static List<Long> carriers(String marker) throws IOException {
    List<Long> found = new ArrayList<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          String env = new String(Files.readAllBytes(dir.resolve("environ")));
          if (List.of(env.split("\0")).contains("HANGDOCTOR_RUN=" + marker)) {
            found.add(Long.parseLong(dir.getFileName().toString()));
          }
        } catch (IOException e) {
          // gone or not ours
        }
      }
    }
    return found;
  }
}
