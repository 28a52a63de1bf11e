package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * oracle_target.py: compiling the C library that starts its foreign threads, starting it, reading
 * its oracle files and marked lines, waking its GIL hog, and waiting until its threads rest.
 */
final class OracleTarget {
  private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(60);

  private OracleTarget() {}

  /** Compiles cthread.c into {@code dir/libcthread.so} with gcc, within 60 s. */
  static Path compileLibrary(Path dir) throws IOException, InterruptedException {
    Tool.GCC.require(Tool.onPath("gcc"));
    Path source = dir.resolve("cthread.c");
    try (InputStream in = OracleTarget.class.getResourceAsStream("cthread.c")) {
      assertThat(in).as("cthread.c on the test classpath").isNotNull();
      Files.write(source, in.readAllBytes());
    }
    Path library = dir.resolve("libcthread.so");
    BoundedCommand.Result gcc =
        BoundedCommand.run(
            List.of(
                "gcc",
                "-shared",
                "-fPIC",
                "-O0",
                "-pthread",
                "-Wall",
                "-Werror",
                "-o",
                library.toString(),
                source.toString()),
            COMPILE_TIMEOUT);
    assertThat(gcc.succeeded()).as(gcc.describe()).isTrue();
    return library;
  }

  /** Starts the target with its dump and names files in {@code dir}. */
  static Target start(PythonInterpreter python, Path dir, Path library) {
    return Target.start(
        TargetSpec.command(
                List.of(
                    python.path().toString(),
                    script().toString(),
                    "--dump",
                    dumpFile(dir).toString(),
                    "--names",
                    dir.resolve("names.json").toString(),
                    "--clib",
                    library.toString()))
            .withReadyTimeout(Duration.ofSeconds(60)));
  }

  static Path dumpFile(Path dir) {
    return dir.resolve("dump.txt");
  }

  /** The names of {@code threading.enumerate()} by identity, as the target wrote them. */
  static Map<Long, String> threadingNames(Path dir) throws IOException {
    Map<Long, String> names = new LinkedHashMap<>();
    String json = Files.readString(dir.resolve("names.json"), StandardCharsets.UTF_8);
    MiniJson.object(MiniJson.parse(json))
        .forEach((ident, name) -> names.put(Long.parseUnsignedLong(ident), (String) name));
    return names;
  }

  /** The 1-based number of the script line marked {@code # oracle: key}. */
  static int line(String key) throws IOException {
    List<String> lines = Files.readAllLines(script(), StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("# oracle: " + key)) {
        return i + 1;
      }
    }
    throw new AssertionError("oracle_target.py has no line marked " + key);
  }

  static Path script() {
    try {
      return Path.of(OracleTarget.class.getResource("oracle_target.py").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Lets "gil-hog" go on from its stdin read into the C call that keeps the GIL. */
  static void releaseHog(Target target) throws IOException {
    OutputStream stdin = target.process().getOutputStream();
    stdin.write('\n');
    stdin.flush();
  }

  /** The thread of identity {@code ident}, which must be there. */
  static PythonThread thread(PythonStacks stacks, long ident) {
    return stacks.threads().stream()
        .filter(t -> t.threadId() == ident)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + ident + " in " + stacks));
  }

  /**
   * Reads until two reads in a row list the READY number of threads with the same frames, and the
   * kernel has every thread but {@code busy} asleep ({@link LiveTargets#asleep}).
   */
  static PythonStacks settle(PythonStackReader reader, Target target, long busy) {
    int threads = target.readyInt("threads");
    int pid = (int) target.pid();
    return Await.value(
        "threads of " + target + " at rest",
        LiveTargets.SETTLE,
        () -> {
          PythonStacks first = reader.read(pid);
          LiveTargets.pauseForManyGilSwitchIntervals();
          PythonStacks second = reader.read(pid);
          boolean rest =
              second.status() == Status.READ
                  && second.threads().size() == threads
                  && frames(first).equals(frames(second))
                  && second.threads().stream()
                      .filter(t -> t.threadId() != busy)
                      .allMatch(t -> LiveTargets.asleep(pid, t.nativeThreadId()));
          return rest ? Optional.of(second) : Optional.empty();
        });
  }

  private record Frames(long threadId, int nativeThreadId, List<PythonFrame> frames) {}

  private static List<Frames> frames(PythonStacks stacks) {
    return stacks.threads().stream()
        .map(t -> new Frames(t.threadId(), t.nativeThreadId(), t.frames()))
        .toList();
  }
}
