package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import dev.hangdoctor.testkit.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hangdoctor diagnose}: parsing without a process, then real processes. */
class DiagnoseCommandTest {

  @Test
  void aUrlOnThisMachineNamesItsPort() {
    assertThat(LocalUrl.port("http://127.0.0.1:8000/health")).isEqualTo(8000);
    assertThat(LocalUrl.port("http://localhost/")).isEqualTo(80);
    assertThat(LocalUrl.port("https://localhost")).isEqualTo(443);
    assertThat(LocalUrl.port("http://[::1]:8443/x?y=1")).isEqualTo(8443);
    assertThat(LocalUrl.port("http://127.9.8.7:1234")).isEqualTo(1234);
  }

  @Test
  void aUrlElsewhereOrMalformedIsAUsageError() {
    for (String url :
        List.of(
            "http://203.0.113.9:80/",
            "http://example.com/health",
            "ftp://127.0.0.1/",
            "127.0.0.1:8000",
            "http://127.0.0.1:8000/a b",
            "http:///nohost")) {
      assertThatThrownBy(() -> LocalUrl.port(url))
          .as(url)
          .isInstanceOfSatisfying(
              HangdoctorException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }
  }

  @Test
  void badArgumentsAreOneLineAndExit2() {
    assertUsage(CliRun.of("diagnose"), "give one of PID, --port PORT or --url URL");
    assertUsage(CliRun.of("diagnose", "1", "--url", "http://127.0.0.1:80/"), "give one of PID");
    assertUsage(CliRun.of("diagnose", "--port", "80", "--url", "http://localhost/"), "give one");
    assertUsage(
        CliRun.of("diagnose", "--url", "http://example.com/health"),
        "--url host example.com is not this machine");
    assertUsage(CliRun.of("diagnose", "--url", "not a url"), "--url");
    assertUsage(CliRun.of("diagnose", "1", "--samples", "0"), "samples must be between");
  }

  @Test
  void aUrlWithNothingListeningIsExit3() throws Exception {
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    CliRun run = CliRun.of("diagnose", "--url", "http://127.0.0.1:" + port + "/health");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.NO_SUCH_TARGET.code());
    assertThat(run.err()).startsWith("hangdoctor: nothing listens on TCP port " + port);
  }

  @Test
  void aUrlIsResolvedToTheProcessListeningOnItsPort() throws Exception {
    try (Target target = Target.start(TargetSpec.c("sockets.c"))) {
      String url = "http://localhost:" + target.ready().get("listen_port") + "/health";

      CliRun run = CliRun.of("diagnose", "--url", url, "--samples", "2", "--interval", "100ms");

      assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
      assertThat(run.out()).contains("PID " + target.pid() + " ");
    }
  }

  /** A pre-fork server: the parent listens, two forked workers inherit the socket. */
  static final String PREFORK =
      "import os, socket, time\n"
          + "srv = socket.socket()\n"
          + "srv.bind(('127.0.0.1', 0)); srv.listen(8)\n"
          + "kids = []\n"
          + "for _ in range(2):\n"
          + "    pid = os.fork()\n"
          + "    if pid == 0:\n"
          + "        time.sleep(3600)\n"
          + "        os._exit(0)\n"
          + "    kids.append(pid)\n"
          + "print('READY port=%d kids=%d,%d' % (srv.getsockname()[1], *kids), flush=True)\n"
          + "os.wait()\n";

  @Test
  void workersThatHoldTheSocketButNeverAcceptAreToldFromTheKernel() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target target =
        Target.start(TargetSpec.command(List.of(python.toString(), "-c", PREFORK)))) {
      String port = target.ready().get("port");

      CliRun run = CliRun.of("diagnose", "--port", port, "--samples", "2", "--interval", "100ms");

      // nobody accepts: the parent waits for its children, which sleep holding the socket
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.HANG_FOUND.code());
      assertThat(run.err())
          .contains("port " + port + " is shared by PIDs ")
          .contains("PID " + target.pid() + " and its descendants")
          .contains("connections to port " + port + " wait unanswered");
      assertThat(run.out())
          .contains("PORT " + port + ": 3 processes hold the listening socket; 0 of 3 workers")
          .contains("PID " + target.pid() + "  never accepts: it holds the listening socket")
          .contains("PID " + target.ready().get("kids").split(",")[0] + "  never accepts")
          .contains("probe: GET http://127.0.0.1:" + port + "/")
          .contains("nobody took the request");
    }
  }

  /** A pre-fork server whose workers wait for connections in epoll and answer each with 200. */
  static final String PREFORK_ANSWERING =
      "import os, selectors, socket, time\n"
          + "srv = socket.socket()\n"
          + "srv.bind(('127.0.0.1', 0)); srv.listen(8)\n"
          + "kids = []\n"
          + "for _ in range(2):\n"
          + "    pid = os.fork()\n"
          + "    if pid == 0:\n"
          + "        sel = selectors.EpollSelector()\n"
          + "        srv.setblocking(False)\n"
          + "        sel.register(srv, selectors.EVENT_READ)\n"
          + "        while True:\n"
          + "            for _key, _ in sel.select():\n"
          + "                try:\n"
          + "                    conn, _ = srv.accept()\n"
          + "                except BlockingIOError:\n"
          + "                    continue\n"
          + "                conn.sendall(b'HTTP/1.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n')\n"
          + "                conn.close()\n"
          + "    kids.append(pid)\n"
          + "print('READY port=%d kids=%d,%d' % (srv.getsockname()[1], *kids), flush=True)\n"
          + "os.wait()\n";

  @Test
  void aSupervisorAndWorkersWaitingInEpollAnswer() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target target =
        Target.start(TargetSpec.command(List.of(python.toString(), "-c", PREFORK_ANSWERING)))) {
      String port = target.ready().get("port");
      String firstWorker = target.ready().get("kids").split(",")[0];

      CliRun run = CliRun.of("diagnose", "--port", port, "--samples", "2", "--interval", "100ms");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK.code());
      assertThat(run.out())
          .contains("PORT " + port + ": 3 processes hold the listening socket; 2 of 2 workers")
          .contains("accept queue: empty at the start and the end of the window")
          .contains("PID " + target.pid() + "  accepts nothing itself: the server's supervisor")
          .contains(
              "PID " + firstWorker + "  free to answer: waits for connections (its epoll watches")
          .contains("probe: GET http://127.0.0.1:" + port + "/ answered HTTP 200");
    }
  }

  /** A listener with SO_REUSEPORT: waits in epoll and answers (argv[1] "serve"), or only holds. */
  static final String REUSEPORT =
      "import selectors, socket, sys, time\n"
          + "srv = socket.socket()\n"
          + "srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)\n"
          + "srv.bind(('127.0.0.1', int(sys.argv[2]))); srv.listen(8)\n"
          + "print('READY port=%d' % srv.getsockname()[1], flush=True)\n"
          + "if sys.argv[1] != 'serve':\n"
          + "    time.sleep(3600)\n"
          + "sel = selectors.EpollSelector(); srv.setblocking(False)\n"
          + "sel.register(srv, selectors.EVENT_READ)\n"
          + "while True:\n"
          + "    for _key, _ in sel.select():\n"
          + "        try:\n"
          + "            conn, _ = srv.accept()\n"
          + "        except BlockingIOError:\n"
          + "            continue\n"
          + "        conn.sendall(b'HTTP/1.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n')\n"
          + "        conn.close()\n";

  @Test
  void unrelatedProcessesOnOnePortAreEachDiagnosedAndJudged() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target stale =
        Target.start(
            TargetSpec.command(List.of(python.toString(), "-c", REUSEPORT, "hold", "0")))) {
      String port = stale.ready().get("port");
      try (Target current =
          Target.start(
              TargetSpec.command(List.of(python.toString(), "-c", REUSEPORT, "serve", port)))) {
        current.ready();

        CliRun run = CliRun.of("diagnose", "--port", port, "--samples", "2", "--interval", "100ms");
        CliRun json =
            CliRun.of(
                "diagnose", "--port", port, "--samples", "2", "--interval", "100ms", "--json");

        // the connections the kernel hashes to the stale socket are never taken
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.HANG_FOUND.code());
        assertThat(run.err())
            .contains("port " + port + " is shared by unrelated PIDs ")
            .contains("diagnosing each of them")
            .contains("connections to port " + port + " wait unanswered");
        assertThat(run.out())
            .containsPattern("=== PID " + stale.pid() + ": [12] of 2 process trees on port " + port)
            .containsPattern(
                "=== PID " + current.pid() + ": [12] of 2 process trees on port " + port)
            .contains("2 listening sockets (SO_REUSEPORT: each has its own queue)")
            .contains("PID " + stale.pid() + "  never accepts")
            .contains("PID " + current.pid() + "  free to answer")
            .contains("one probe tests one socket");
        var tree = JsonRenderer.mapper().readTree(json.out());
        assertThat(tree.get("targets")).hasSize(2);
        assertThat(tree.get("port").get("processes")).hasSize(2);
        assertThat(tree.get("port").get("answers").asBoolean()).isTrue();
        for (var process : tree.get("port").get("processes")) {
          assertThat(process.get("answer").asText())
              .isEqualTo(process.get("pid").asLong() == stale.pid() ? "NEVER_ACCEPTS" : "ANSWERS");
        }
      }
    }
  }

  @Test
  void aSleepingPythonIsHealthyWithReasons() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target target =
        Target.start(
            TargetSpec.command(
                List.of(
                    python.toString(),
                    "-c",
                    "import time; print('READY', flush=True); time.sleep(3600)")))) {
      CliRun run = CliRun.of("diagnose", Long.toString(target.pid()));

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK.code());
      assertThat(run.out())
          .startsWith("no hang found in PID " + target.pid() + " (3 samples over ")
          .containsPattern("  - \\S+ \\(tid " + target.pid() + "\\) idle in clock_nanosleep")
          .contains("  - no thread at high CPU");
    }
  }

  @Test
  void aSpinningThreadIsAHangNamedByItsTid() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      String spinTid = target.ready().get("spin_tid");

      Windows.all(
          "diagnose naming the spinner, exit 1",
          () -> CliRun.of("diagnose", Long.toString(target.pid())),
          run -> {
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out())
                .containsPattern(
                    "(?m)^HANG.*: CPU spin without progress in thread \"spinner\" \\(tid "
                        + spinTid
                        + "\\)$")
                .contains("[cpu-spin]");
          });
    }
  }

  /** A ledger whose reconciler sleeps holding the lock a report thread waits for. */
  static final String LEDGER =
      "import threading, time\n"
          + "ledger_lock = threading.Lock()\n"
          + "held = threading.Event()\n"
          + "def reconcile():\n"
          // a bare acquire() leaves no trace on the holder's stack: the holder cannot be named
          + "    ledger_lock.acquire()\n"
          + "    held.set()\n"
          + "    time.sleep(3600)\n"
          + "def report():\n"
          + "    with ledger_lock:\n"
          + "        return 0\n"
          + "threading.Thread(target=reconcile, name='reconciler', daemon=True).start()\n"
          + "held.wait()\n"
          + "reader = threading.Thread(target=report, name='report', daemon=True)\n"
          + "reader.start()\n"
          + "print(f'READY report={reader.native_id}', flush=True)\n"
          + "reader.join()\n";

  @Test
  void aLowFindingIsPrintedButExits0UnlessFailOnLow(@TempDir Path dir) throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    // a file, not -c: the waiter's frame must be the user's own code
    Path script = Files.writeString(dir.resolve("ledger.py"), LEDGER);
    try (Target target =
        Target.start(TargetSpec.command(List.of(python.toString(), script.toString())))) {
      String pid = Long.toString(target.pid());
      String report = target.ready().get("report");

      CliRun byDefault = CliRun.of("diagnose", pid);
      CliRun failOnLow = CliRun.of("diagnose", pid, "--fail-on", "low");

      assertThat(byDefault.out())
          .as("a Python lock wait whose holder cannot be named is LOW")
          .contains("LOW   [long-lock-wait]")
          .contains("(tid " + report + ")");
      assertThat(byDefault.exitCode()).as(byDefault.out()).isEqualTo(ExitCode.OK.code());
      assertThat(byDefault.err()).contains("every finding is less sure than MEDIUM");
      assertThat(failOnLow.out()).contains("LOW   [long-lock-wait]");
      assertThat(failOnLow.exitCode()).isEqualTo(ExitCode.HANG_FOUND.code());
    }
  }

  @Test
  void aTreeShowsItsChildrenUnderTheirParent() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run = CliRun.of("diagnose", Long.toString(target.pid()), "--interval", "100ms");

      assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
      assertThat(run.out())
          .contains("PROCESSES (3)")
          .containsPattern("(?m)^  PID " + target.pid() + "  tree ")
          .containsPattern("(?m)^  └─ PID " + target.ready().get("child") + "  tree ")
          .containsPattern("(?m)^     └─ PID " + target.ready().get("grandchild") + "  tree ");
    }
  }

  @Test
  void jsonIsTheWholeDiagnosisAndRoundTrips() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run =
          CliRun.of("diagnose", Long.toString(target.pid()), "--json", "--interval", "100ms");

      Diagnosis diagnosis = JsonRenderer.mapper().readValue(run.out(), Diagnosis.class);
      assertThat(JsonRenderer.render(diagnosis)).isEqualTo(run.out());
      var json = JsonRenderer.mapper().readTree(run.out());
      assertThat(json.fieldNames())
          .toIterable()
          .containsExactly(
              "schemaVersion",
              "inspection",
              "findings",
              "healthyReasons",
              "children",
              "waitFor",
              "blindSpots",
              "coverage",
              "headline");
      assertThat(json.get("schemaVersion").asInt()).isEqualTo(Diagnosis.SCHEMA_VERSION);
      assertThat(json.get("inspection").get("pid").asLong()).isEqualTo(target.pid());
      assertThat(json.get("children").get(0).get("inspection").get("pid").asInt())
          .isEqualTo(target.readyInt("child"));
      assertThat(run.exitCode()).isEqualTo(diagnosis.hangFound() ? 1 : 0);
      assertThat(json.get("headline").get("kind").asText())
          .isEqualTo(diagnosis.hangFound() ? "HANG" : "NO_HANG");
      assertThat(json.get("coverage").get("sampled")).hasSize(3);
    }
  }

  @Test
  void markdownTwiceKeepsHandEditsAndLogsTwoRows(@TempDir Path dir) throws Exception {
    Path tracker = dir.resolve("STABILITY.md");
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      String pid = Long.toString(target.pid());
      CliRun first = CliRun.of("diagnose", pid, "--samples", "2", "--markdown", tracker.toString());
      assertThat(first.err()).contains("wrote the stability tracker " + tracker);
      String edited =
          Files.readString(tracker)
              .replace("## Follow-ups\n", "## Follow-ups\n\n- [x] my own note\n");
      Files.writeString(tracker, edited);

      CliRun second =
          CliRun.of("diagnose", pid, "--samples", "2", "--markdown", tracker.toString());

      String markdown = Files.readString(tracker);
      assertThat(second.err())
          .contains("added a results-log row to the stability tracker " + tracker);
      assertThat(markdown)
          .contains("- [x] my own note")
          .contains("hangdoctor diagnose " + pid + " --samples 2 --markdown " + tracker);
      assertThat(markdown.lines().filter(line -> line.startsWith("| 20"))).hasSize(2);
      assertThat(markdown).startsWith(edited.substring(0, edited.indexOf("| 20")));
      try (var files = Files.list(dir)) {
        assertThat(files).as("no temporary file left").containsExactly(tracker);
      }
    }
  }

  @Test
  void anUnwritableTrackerIsAUsageErrorAfterTheReport(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run =
          CliRun.of(
              "diagnose",
              Long.toString(target.pid()),
              "--samples",
              "1",
              "--markdown",
              blocker.resolve("t.md").toString());

      assertUsage(run, "cannot write the tracker " + blocker.resolve("t.md"));
      assertThat(run.out()).contains("PID " + target.pid());
    }
  }

  @Test
  void aTrackerInADirectoryThatDoesNotExistCreatesNoDirectory(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("new").resolve("dir");
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run =
          CliRun.of(
              "diagnose",
              Long.toString(target.pid()),
              "--samples",
              "1",
              "--markdown",
              missing.resolve("t.md").toString());

      assertUsage(run, "cannot write the tracker " + missing.resolve("t.md"));
      assertThat(run.err()).contains("no directory " + missing);
      assertThat(run.out()).as("the report is still printed").contains("PID " + target.pid());
      assertThat(dir.resolve("new")).doesNotExist();
    }
  }

  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).startsWith("hangdoctor: ").contains(message);
    assertThat(run.err().strip().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
