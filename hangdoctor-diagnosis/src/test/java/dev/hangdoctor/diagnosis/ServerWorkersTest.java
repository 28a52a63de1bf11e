package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** gunicorn's worker timeout, read the way gunicorn resolves it. */
class ServerWorkersTest {
  private static ServerWorkers.Files files(Map<String, String> texts, String cmdArgs) {
    return new ServerWorkers.Files() {
      @Override
      public OptionalDouble secondsSinceModified(int pid, int fd) {
        return OptionalDouble.empty();
      }

      @Override
      public Optional<String> read(int pid, String path) {
        return Optional.ofNullable(texts.get(path));
      }

      @Override
      public Optional<String> environment(int pid, String name) {
        return Optional.ofNullable(cmdArgs);
      }
    };
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentAndTheConfigFile() {
    ServerWorkers.Files files = files(Map.of("gunicorn.conf.py", "timeout = 600\n"), "-t 90");
    assertThat(ServerWorkers.gunicornTimeout(1, List.of("gunicorn", "--timeout", "6"), files))
        .isEqualTo(OptionalInt.of(6));
    assertThat(ServerWorkers.gunicornTimeout(1, List.of("gunicorn", "--timeout=7"), files))
        .isEqualTo(OptionalInt.of(7));
    assertThat(ServerWorkers.gunicornTimeout(1, List.of("gunicorn", "app:app"), files))
        .isEqualTo(OptionalInt.of(90));
  }

  @Test
  void aLiteralInTheConfigFileIsRead() {
    ServerWorkers.Files files =
        files(Map.of("conf/prod.py", "workers = 2\ntimeout = 120  # seconds\n"), null);
    assertThat(
            ServerWorkers.gunicornTimeout(
                1, List.of("gunicorn", "-c", "conf/prod.py", "a:b"), files))
        .isEqualTo(OptionalInt.of(120));
  }

  @Test
  void noConfigFileMeansTheDefaultAndAComputedOneIsUnknown() {
    assertThat(ServerWorkers.gunicornTimeout(1, List.of("gunicorn", "a:b"), files(Map.of(), null)))
        .isEqualTo(OptionalInt.of(ServerWorkers.GUNICORN_DEFAULT_TIMEOUT));
    ServerWorkers.Files computed =
        files(Map.of("gunicorn.conf.py", "timeout = int(os.environ['T'])\n"), null);
    assertThat(ServerWorkers.gunicornTimeout(1, List.of("gunicorn", "a:b"), computed)).isEmpty();
  }
}
