package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process started with secrets on its command line: no verb prints them, no file keeps them,
 * unless {@code --no-redact}.
 */
class RedactionTest {
  private static final List<String> SECRETS = List.of("hunter2", "tok-123456", "s3cret");

  private static Target secretive() {
    String python = Interpreters.python3().orElseThrow().toString();
    return Target.start(
        TargetSpec.command(
            List.of(
                python,
                "-c",
                "import time; print('READY', flush=True); time.sleep(600)",
                "--password=hunter2",
                "--api-token",
                "tok-123456",
                "postgres://app:s3cret@db:5432/orders")));
  }

  private static void assertNoSecret(String what, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as(what).doesNotContain(secret);
    }
  }

  @Test
  void noVerbPrintsTheSecretsOfTheCommandLine(@TempDir Path dir) throws IOException {
    try (Target target = secretive()) {
      String pid = Long.toString(target.pid());
      Path tracker = dir.resolve("tracker.md");
      List<String[]> runs =
          List.of(
              new String[] {"diagnose", pid, "--samples", "2", "--interval", "100ms"},
              new String[] {
                "diagnose", pid, "--samples", "2", "--json", "--markdown", tracker.toString()
              },
              new String[] {"inspect", pid, "--samples", "1"},
              new String[] {"inspect", pid, "--samples", "1", "--json"},
              new String[] {"dump", pid},
              new String[] {"dump", pid, "--json"},
              new String[] {"ps", pid, "--settle", "100ms"},
              new String[] {"ps", pid, "--settle", "100ms", "--json"});
      for (String[] args : runs) {
        CliRun run = CliRun.of(args);
        assertThat(run.out()).as(String.join(" ", args)).contains("<redacted>");
        assertNoSecret(String.join(" ", args), run.out() + run.err());
      }
      assertNoSecret("the tracker", Files.readString(tracker, StandardCharsets.UTF_8));
    }
  }

  @Test
  void noRedactShowsThemAsTheProcessHasThem() {
    try (Target target = secretive()) {
      CliRun run =
          CliRun.of("inspect", Long.toString(target.pid()), "--samples", "1", "--no-redact");

      assertThat(run.out())
          .contains(
              "--password=hunter2 --api-token tok-123456 postgres://app:s3cret@db:5432/orders");
    }
  }

  @Test
  void runReportsAndTheirFilesKeepNoSecret(@TempDir Path dir) throws IOException {
    String python = Interpreters.python3().orElseThrow().toString();
    Path report = dir.resolve("report");

    CliRun run =
        CliRun.of(
            "run",
            "--timeout",
            "1s",
            "--kill-after",
            "1s",
            "--report",
            report.toString(),
            "--",
            python,
            "-c",
            "import time; time.sleep(600)",
            "--password",
            "hunter2",
            "API_TOKEN=tok-123456");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.HUNG.code());
    assertNoSecret("run's stderr", run.err());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(report)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("summary.txt", "diagnosis.json");
    for (Path file : files) {
      assertNoSecret(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
    assertThat(Files.readString(report.resolve("attempt-1/summary.txt"), StandardCharsets.UTF_8))
        .contains("--password '<redacted>' 'API_TOKEN=<redacted>'");
  }

  @Test
  void probeAndWatchShowNoUrlCredentials(@TempDir Path dir) throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String url = "http://admin:s3cret@127.0.0.1:" + closed + "/health?api_key=tok-123456";

    CliRun probe = CliRun.of("probe", url);
    CliRun watch =
        CliRun.of(
            "watch",
            url,
            "--interval",
            "100ms",
            "--failures",
            "1",
            "--max-checks",
            "1",
            "--out",
            dir.toString());

    assertThat(probe.out())
        .contains("http://admin:<redacted>@127.0.0.1:" + closed + "/health?api_key=<redacted>");
    assertNoSecret("probe", probe.out() + probe.err());
    assertNoSecret("watch", watch.out() + watch.err());
    List<String> bundled = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        bundled.add(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    assertThat(bundled).isNotEmpty();
    bundled.forEach(text -> assertNoSecret("a watch bundle file", text));
  }
}
