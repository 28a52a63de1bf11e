package dev.hangdoctor.accuracy.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Takes one diagnosis window of a process, as {@code hangdoctor diagnose PID --json} does. */
public interface WindowTaker {

  /**
   * The outcome of one {@code diagnose}: its exit status and its JSON report, or why there is none.
   */
  record Result(int exitCode, Optional<JsonNode> report, String problem) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The result of a {@code diagnose --json} that exited with {@code exitCode} after printing
     * {@code stdout} and {@code stderr}: its report when stdout is one, else the first line of
     * stderr as the problem.
     */
    public static Result of(int exitCode, String stdout, String stderr) {
      JsonNode report = null;
      try {
        report = stdout.isBlank() ? null : JSON.readTree(stdout);
      } catch (IOException e) {
        report = null;
      }
      if (report == null || !report.has("findings")) {
        String first =
            stderr.isBlank() ? "no output" : stderr.strip().lines().findFirst().orElse("");
        return new Result(exitCode, Optional.empty(), "diagnose exited " + exitCode + ": " + first);
      }
      return new Result(exitCode, Optional.of(report), "");
    }
  }

  /** Diagnoses {@code pid}; {@code dir} is a scratch folder for the window's output. */
  Result take(long pid, Path dir) throws IOException, InterruptedException;

  /** What is measured and how, for the report's header. */
  String describe();
}
