package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hangdoctor.testkit.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code watch} stopped by a signal, as systemd stops it: the shutdown hook lets the
 * loop finish its step, the summary is printed, the exit status is the signal's, and the bundle
 * directory holds only complete bundles.
 */
class WatchSignalIT {

  @TempDir Path dir;

  @Test
  void sigtermEndsTheWatchCleanly() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    Path bundles = dir.resolve("bundles");
    Path out = dir.resolve("out.txt");
    Process watch =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("hangdoctor.root"), "bin", "hangdoctor").toString(),
                    "watch",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/health",
                    "--interval",
                    "100ms",
                    "--failures",
                    "2",
                    "--out",
                    bundles.toString()))
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    try {
      Await.until(
          "the watch to report its incident",
          Duration.ofSeconds(30),
          () -> read(out).contains("incident: evidence written to"));

      new ProcessBuilder("kill", "-TERM", Long.toString(watch.pid())).start().waitFor();

      assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(watch.exitValue()).isEqualTo(ExitCode.TERMINATED.code()).isEqualTo(128 + 15);
      assertThat(read(out))
          .containsPattern("watched \\d+ checks, 1 incident, 1 bundle written to ");
      try (Stream<Path> entries = Files.list(bundles)) {
        List<Path> all = entries.toList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).getFileName().toString()).startsWith("incident-");
        assertThat(all.get(0).resolve("checks.txt")).exists();
      }
    } finally {
      watch.destroyForcibly();
      watch.waitFor(10, TimeUnit.SECONDS);
      server.stop(0);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
