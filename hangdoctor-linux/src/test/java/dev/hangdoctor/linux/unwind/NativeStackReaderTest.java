package dev.hangdoctor.linux.unwind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.evidence.NativeStack;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.GapCollector;
import dev.hangdoctor.linux.proc.ThreadReader;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Native stacks of real C threads, read from outside: blocked ones unwound through libc into the
 * program's functions with their lines, a running one named by its start routine, and the blocked
 * stacks compared with gdb's backtrace (gdb only here, never in the product).
 */
class NativeStackReaderTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @Test
  void unwindsBlockedThreadsIntoTheProgramsFunctionsAndNamesARunningThreadsStart()
      throws IOException {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pipeTid = target.readyInt("pipe_tid");
      int spinTid = target.readyInt("spin_tid");
      int sleepTid = target.readyInt("sleep_tid");
      Map<Integer, NativeStack> stacks =
          Await.value(
              "the three threads' native stacks",
              LIMIT,
              () -> {
                Map<Integer, NativeStack> read = stacks(target);
                return read.keySet().containsAll(List.of(pipeTid, spinTid, sleepTid))
                    ? Optional.of(read)
                    : Optional.empty();
              });

      assertThat(functions(stacks.get(pipeTid)).get(0)).contains("read");
      assertThat(functions(stacks.get(pipeTid))).contains("pipe_reader").doesNotContain("announce");
      NativeFrame reader = userFrames(stacks.get(pipeTid)).get(0);
      assertThat(reader.function()).isEqualTo("pipe_reader");
      assertThat(reader.file()).matches(".*/threads[^/]*\\.c");
      assertThat(reader.line()).isEqualTo(lineOf("threads.c", "read(pipe_fds[0]"));
      assertThat(stacks.get(pipeTid).complete()).isTrue();

      assertThat(functions(stacks.get(sleepTid))).contains("sleeper");

      NativeStack spinner = stacks.get(spinTid);
      assertThat(spinner.entryOnly()).isTrue();
      assertThat(spinner.frames().get(0).function()).isEqualTo("spinner");
      assertThat(spinner.frames().get(0).file()).matches(".*/threads[^/]*\\.c");
    }
  }

  @Test
  void matchesGdbsBacktraceOfADeadlockedThread() throws Exception {
    Optional<Path> gdb = Tool.onPath("gdb");
    Tool.GDB.require(gdb);
    try (Target target = Target.start(TargetSpec.c("mutexes.c", "deadlock"))) {
      int ab = target.readyInt("ab");
      int ba = target.readyInt("other");
      Map<Integer, NativeStack> stacks =
          Await.value(
              "both transfers' native stacks",
              LIMIT,
              () -> {
                Map<Integer, NativeStack> read = stacks(target);
                return read.containsKey(ab) && read.containsKey(ba)
                    ? Optional.of(read)
                    : Optional.empty();
              });
      Map<Integer, List<String>> gdbFrames = gdbUserFrames(gdb.get(), target.pid());

      for (int tid : List.of(ab, ba)) {
        List<String> ours =
            userFrames(stacks.get(tid)).stream().map(f -> f.function() + ":" + f.line()).toList();
        assertThat(ours).as("tid %d", tid).isNotEmpty().isEqualTo(gdbFrames.get(tid));
        assertThat(ours.get(0)).startsWith("transfer:");
      }
    }
  }

  private static Map<Integer, NativeStack> stacks(Target target) {
    try {
      ProcFs procFs = ProcFs.system();
      int pid = (int) target.pid();
      List<ThreadSnapshot> threads = new ThreadReader(procFs).read(pid, new GapCollector());
      return new NativeStackReader(procFs)
          .withNativeStacks(pid, threads, new GapCollector()).stream()
              .filter(t -> t.nativeStack() != null)
              .collect(Collectors.toMap(ThreadSnapshot::tid, ThreadSnapshot::nativeStack));
    } catch (ProcReadException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> functions(NativeStack stack) {
    return stack.frames().stream().map(NativeFrame::function).toList();
  }

  private static List<NativeFrame> userFrames(NativeStack stack) {
    return stack.frames().stream().filter(f -> f.user() && f.file() != null).toList();
  }

  /** The 1-based line of the first line of target source {@code source} containing {@code text}. */
  private static int lineOf(String source, String text) throws IOException {
    String resource = "/dev/hangdoctor/testkit/targets/" + source;
    try (var in = NativeStackReaderTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      List<String> lines =
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return i + 1;
        }
      }
    }
    throw new AssertionError(text + " not in " + source);
  }

  /**
   * gdb's frames with an absolute source path (the target's; glibc's are relative) per thread
   * (LWP), innermost first, as {@code function:line}.
   */
  private static Map<Integer, List<String>> gdbUserFrames(Path gdb, long pid)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("gdb-bt", ".txt");
    try {
      Process process =
          new ProcessBuilder(
                  gdb.toString(),
                  "-p",
                  Long.toString(pid),
                  "-batch",
                  "-nx",
                  "-ex",
                  "thread apply all bt")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("gdb did not finish in 120 s");
      }
      Pattern thread = Pattern.compile("^Thread \\d+ \\(.*LWP (\\d+)\\)");
      Pattern frame =
          Pattern.compile("^#\\d+\\s+(?:0x[0-9a-f]+ in )?(\\S+) \\(.*\\) at (\\S+):(\\d+)");
      Map<Integer, List<String>> frames = new java.util.HashMap<>();
      List<String> current = null;
      for (String line : Files.readAllLines(out)) {
        Matcher t = thread.matcher(line);
        if (t.find()) {
          current = new ArrayList<>();
          frames.put(Integer.parseInt(t.group(1)), current);
          continue;
        }
        Matcher f = frame.matcher(line);
        if (current != null && f.find() && f.group(2).startsWith("/")) {
          current.add(f.group(1) + ":" + f.group(3));
        }
      }
      return frames;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
