package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hangdoctor.probe.WatchSummary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe} and {@code watch} on the JDK's own HTTP server: lines, exit codes, bundles. */
class ProbeCommandTest {
  private HttpServer server;
  private String base;

  @TempDir Path out;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"ok\"}"));
    server.createContext("/broken", exchange -> respond(exchange, 500, "boom"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  /**
   * Limits no loaded machine reaches, for probes of this answering server: "ok" must depend on the
   * answer, not on how fast this host is (the defaults call over 1 s "slow").
   */
  private static final List<String> PATIENT = List.of("--timeout", "60s", "--slow", "60s");

  private static CliRun probe(String... urls) {
    List<String> args = new java.util.ArrayList<>(List.of("probe"));
    args.addAll(PATIENT);
    args.addAll(List.of(urls));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void allOkExitsZeroWithOneLinePerUrl() {
    CliRun run = probe(base + "/health", base + "/health?again=1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // Lines come as the probes finish, which may be in either order.
    List<String> lines = run.out().lines().sorted().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("ok ")
        .contains(" 200  " + base + "/health  dns ")
        .contains(" connect ")
        .contains(" first-byte ")
        .contains(" complete ")
        .endsWith("(200 OK, 15 B body)");
  }

  @Test
  void aFailedProbeExitsProbeFailed() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliRun run = probe(base + "/broken", "http://127.0.0.1:" + closed + "/", base + "/health");

    assertThat(run.exitCode()).isEqualTo(ExitCode.PROBE_FAILED.code()).isEqualTo(10);
    assertThat(run.out())
        .containsPattern("(?m)^http-error +500  " + base + "/broken ")
        .containsPattern("(?m)^refused +http://127.0.0.1:" + closed + "/ ")
        .containsPattern("(?m)^ok +200 ");
  }

  @Test
  void aTimedOutProbeBehindALowFindingFailsAsAHangOnlyWithFailOnLow() throws Exception {
    java.nio.file.Path python =
        dev.hangdoctor.testkit.Tool.PYTHON3.require(dev.hangdoctor.testkit.Interpreters.python3());
    String server =
        "import http.server, threading, time\n"
            + "ledger_lock = threading.Lock()\n"
            + "held = threading.Event()\n"
            + "def reconcile():\n"
            // a bare acquire() leaves no trace on the holder's stack: the holder cannot be named
            + "    ledger_lock.acquire()\n"
            + "    held.set()\n"
            + "    time.sleep(3600)\n"
            + "class Balance(http.server.BaseHTTPRequestHandler):\n"
            + "    def do_GET(self):\n"
            + "        with ledger_lock:\n"
            + "            body = b'42'\n"
            + "        self.send_response(200)\n"
            + "        self.end_headers()\n"
            + "        self.wfile.write(body)\n"
            + "httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Balance)\n"
            + "threading.Thread(target=reconcile, name='reconciler', daemon=True).start()\n"
            + "held.wait()\n"
            + "print(f'READY port={httpd.server_address[1]}', flush=True)\n"
            + "httpd.serve_forever()\n";
    try (dev.hangdoctor.testkit.Target api =
        dev.hangdoctor.testkit.Target.start(
            dev.hangdoctor.testkit.TargetSpec.command(
                List.of(
                    python.toString(),
                    Files.writeString(out.resolve("balance_service.py"), server).toString())))) {
      String balance = "http://127.0.0.1:" + api.readyInt("port") + "/balance";

      CliRun byDefault = CliRun.of("probe", "--timeout", "2s", balance);
      CliRun failOnLow = CliRun.of("probe", "--timeout", "2s", "--fail-on", "low", balance);

      assertThat(byDefault.out())
          .containsPattern("(?m)^timeout ")
          .contains("Diagnosis of PID " + api.pid())
          .contains("LOW   [long-lock-wait]");
      assertThat(byDefault.exitCode()).as(byDefault.out()).isEqualTo(ExitCode.PROBE_FAILED.code());
      assertThat(failOnLow.exitCode()).as(failOnLow.out()).isEqualTo(ExitCode.HANG_FOUND.code());
    }
  }

  @Test
  void badUrlsAreUsageErrors() {
    CliRun run = CliRun.of("probe", "ftp://example.org/");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err())
        .isEqualTo(
            "hangdoctor: not an http:// or https:// URL: ftp://example.org/ (e.g."
                + " http://127.0.0.1:8000/health)\n");
    assertThat(CliRun.of("probe").exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertUsage(
        CliRun.of("probe", "--timeout", "0", base), "--timeout must be more than 0, got 0 ms");
    assertUsage(
        CliRun.of("probe", "http://127.0.0.1:99999/"),
        "bad port in URL: http://127.0.0.1:99999/ (99999 is not from 1 to 65535)");
    assertUsage(
        CliRun.of("watch", "http://127.0.0.1:99999/", "--out", out.toString()),
        "bad port in URL: http://127.0.0.1:99999/ (99999 is not from 1 to 65535)");
    assertUsage(
        CliRun.of("probe", "127.0.0.1:8000"),
        "not a URL: 127.0.0.1:8000 (no scheme; did you mean http://127.0.0.1:8000 ?)");
    assertUsage(
        CliRun.of("probe", "--parallel", "0", base), "--parallel must be from 1 to 256, got 0");
    assertUsage(
        CliRun.of("probe", "--deadline", "0", base), "--deadline must be more than 0, got 0 ms");
  }

  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).isEqualTo("hangdoctor: " + message + "\n");
  }

  @Test
  void eachLineNamesItsUrlAndTheDeadlineBoundsTheRun() {
    CliRun run =
        CliRun.of(
            "probe", "--parallel", "2", "--deadline", "60", base + "/health", base + "/broken");

    assertThat(run.exitCode()).isEqualTo(ExitCode.PROBE_FAILED.code());
    assertThat(run.out().lines())
        .hasSize(2)
        .anyMatch(line -> line.startsWith("ok ") && line.contains(base + "/health"))
        .anyMatch(line -> line.startsWith("http-error") && line.contains(base + "/broken"));
  }

  @Test
  void watchWritesOneBundleForAnIncidentAndPrintsPlainLinesOffATerminal() throws IOException {
    CliRun run =
        CliRun.of(
            "watch",
            base + "/broken",
            "--interval",
            "0",
            "--failures",
            "2",
            "--max-checks",
            "4",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).contains("check 1  FAIL 1/2  " + base + "/broken http-error 500");
    assertThat(lines.get(1)).contains("check 2  DOWN");
    assertThat(lines.get(2)).startsWith("incident: evidence written to " + out);
    assertThat(lines.get(3)).contains("check 3  DOWN");
    assertThat(lines.get(5))
        .isEqualTo("watched 4 checks, 1 incident, 1 bundle written to " + out.toAbsolutePath());
    assertThat(run.out()).doesNotContain("\r");
    try (Stream<Path> bundles = Files.list(out)) {
      List<Path> all = bundles.toList();
      assertThat(all).hasSize(1);
      assertThat(Files.readString(all.get(0).resolve("checks.txt")))
          .contains("check 1 at ")
          .contains("check 2 at ")
          .contains("http-error   500  " + base + "/broken");
    }
  }

  @Test
  void aWatchWithoutIncidentsSaysNoBundleWasWritten() {
    CliRun run =
        CliRun.of(
            "watch",
            base + "/health",
            "--interval",
            "0",
            "--max-checks",
            "2",
            "--out",
            out.resolve("never").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("watched 2 checks, 0 incidents, no bundle written");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  void theSummaryClaimsOnlyTheBundlesThatWereWritten() {
    Path dir = Path.of("/var/incidents");
    assertThat(
            WatchCommand.summaryLine(
                new WatchSummary(7, 2, List.of(), 2, WatchSummary.End.INTERRUPTED), dir))
        .isEqualTo(
            "watched 7 checks, 2 incidents, no bundle written; 2 incidents without a bundle (not"
                + " written, see above)");
    assertThat(
            WatchCommand.summaryLine(
                new WatchSummary(
                    1, 1, List.of(dir.resolve("incident-1")), 0, WatchSummary.End.MAX_CHECKS),
                dir))
        .isEqualTo("watched 1 check, 1 incident, 1 bundle written to /var/incidents");
  }

  @Test
  void anOutDirectoryThatIsAFileIsRefusedAtTheStart() throws IOException {
    Path file = Files.writeString(out.resolve("file"), "x");

    CliRun run = CliRun.of("watch", base + "/health", "--out", file.resolve("b").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err())
        .isEqualTo(
            "hangdoctor: --out " + file.resolve("b") + ": " + file + " is not a directory\n");
  }

  @Test
  void watchNeedsUrlsOrAPid() {
    CliRun run = CliRun.of("watch", "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("give URLs to probe, or --pid PID to sample");
    assertThat(CliRun.of("watch", base, "--failures", "0").exitCode())
        .isEqualTo(ExitCode.USAGE.code());
  }

  @Test
  void watchOfAProcessThatDoesNotExist() {
    CliRun run = CliRun.of("watch", "--pid", "999999999", "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.NO_SUCH_TARGET.code());
  }
}
