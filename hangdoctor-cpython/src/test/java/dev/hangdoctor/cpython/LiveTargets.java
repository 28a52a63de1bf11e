package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.memory.RemoteMemory;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starting stacks_target.py, reading its oracle values, and waiting until its threads rest. */
public final class LiveTargets {
  static final Duration SETTLE = Duration.ofSeconds(20);
  private static final Set<Integer> REQUIRED_MINORS = Set.of(11, 12, 13, 14);

  private LiveTargets() {}

  /**
   * Every CPython 3.11-3.14 GIL build found here, the versions the reader supports; on CI every one
   * of them must be among them (3.14 from {@code .ci/install-python3.14}).
   */
  public static List<PythonInterpreter> supportedPythons() {
    List<PythonInterpreter> found =
        Interpreters.cpythons().stream()
            .filter(p -> p.major() == 3 && p.minor() >= 11 && p.minor() <= 14)
            .filter(p -> !p.freeThreaded())
            .toList();
    if ("true".equals(System.getenv("CI"))) {
      Set<Integer> minors =
          found.stream().map(PythonInterpreter::minor).collect(Collectors.toSet());
      assertThat(minors).as("CPython minors on this CI machine").containsAll(REQUIRED_MINORS);
    }
    return Tool.CPYTHON_3_11_PLUS.requireAny(found);
  }

  static Target start(PythonInterpreter python, Path dump, String... extra) {
    List<String> command = new ArrayList<>();
    command.add(python.path().toString());
    command.add(script().toString());
    command.add("--dump");
    command.add(dump.toString());
    command.addAll(List.of(extra));
    return Target.start(TargetSpec.command(command).withReadyTimeout(Duration.ofSeconds(60)));
  }

  private static Path script() {
    try {
      return Path.of(LiveTargets.class.getResource("stacks_target.py").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The location the locator will report, taken from the target itself. */
  static RuntimeLocation location(Target target, PythonInterpreter python, boolean symbols) {
    Map<String, String> ready = target.ready();
    Map<String, Long> exported =
        symbols
            ? Map.of(
                "PyCode_Type", Long.decode(ready.get("pycode")),
                "PyUnicode_Type", Long.decode(ready.get("pyunicode")),
                "PyBytes_Type", Long.decode(ready.get("pybytes")),
                "PyTuple_Type", Long.decode(ready.get("pytuple")))
            : Map.of();
    return new RuntimeLocation(
        Long.decode(ready.get("runtime")),
        Integer.parseInt(ready.get("hexversion")),
        python.path().toString(),
        false,
        0,
        exported);
  }

  static long readyLong(Target target, String key) {
    return Long.parseLong(target.ready().get(key));
  }

  /**
   * Walks until two walks in a row agree on every thread but {@code spinner}, each of those threads
   * is blocked in the kernel where the script parks it (sleep, a lock's futex, epoll) and the
   * expected number of threads is listed.
   */
  static PythonStacks settle(
      RemoteMemory memory, RuntimeLocation location, Target target, long spinner) {
    PythonStackWalker walker = new PythonStackWalker();
    int threads = target.readyInt("threads");
    return Await.value(
        "threads of " + target + " at rest",
        SETTLE,
        () -> {
          PythonStacks first = walker.walk(memory, location);
          pauseForManyGilSwitchIntervals();
          PythonStacks second = walker.walk(memory, location);
          boolean rest =
              first.threads().size() == threads
                  && resting(first, spinner).equals(resting(second, spinner))
                  && second.threads().stream()
                      .filter(t -> t.threadId() != spinner)
                      .allMatch(t -> parked(target.pid(), t.nativeThreadId()));
          return rest ? Optional.of(second) : Optional.empty();
        });
  }

  /**
   * Two walks this far apart see different stacks for a thread that is only waiting its turn for
   * the GIL (the switch interval is 5 ms): its futex wait looks like a parked lock wait to the
   * kernel, and on some versions its futex flags do too.
   */
  static void pauseForManyGilSwitchIntervals() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the target to settle", e);
    }
  }

  private record Resting(long threadId, int nativeThreadId, List<PythonFrame> frames) {}

  private static List<Resting> resting(PythonStacks stacks, long spinner) {
    return stacks.threads().stream()
        .filter(t -> t.threadId() != spinner)
        .filter(t -> t.problem() == null)
        .map(t -> new Resting(t.threadId(), t.nativeThreadId(), t.frames()))
        .toList();
  }

  /** The kernel has the thread asleep in {@code epoll_wait}: an idle event loop. */
  static boolean inEpollWait(long pid, int tid) {
    Path task = Path.of("/proc", Long.toString(pid), "task", Integer.toString(tid));
    try {
      return Files.readString(task.resolve("wchan")).contains("epoll");
    } catch (IOException e) {
      return false;
    }
  }

  /** Sleeping in clock_nanosleep or epoll_wait, or in a lock's futex wait (not the GIL's). */
  static boolean parked(long pid, int tid) {
    Path task = Path.of("/proc", Long.toString(pid), "task", Integer.toString(tid));
    try {
      String stat = Files.readString(task.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      String wchan = Files.readString(task.resolve("wchan"));
      if (state != 'S') {
        return false;
      }
      if (wchan.contains("nanosleep") || wchan.contains("epoll")) {
        return true;
      }
      String[] syscall = Files.readString(task.resolve("syscall")).strip().split(" ");
      return wchan.contains("futex")
          && syscall.length > 2
          && (Long.decode(syscall[2]) & 0x100) != 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Asleep in the kernel where no Python code runs: {@link #parked}, or blocked reading a pipe or a
   * socket ({@code read}, {@code recvfrom}).
   */
  static boolean asleep(long pid, int tid) {
    if (parked(pid, tid)) {
      return true;
    }
    Path task = Path.of("/proc", Long.toString(pid), "task", Integer.toString(tid));
    try {
      String stat = Files.readString(task.resolve("stat"));
      String syscall = Files.readString(task.resolve("syscall")).strip().split(" ")[0];
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'S'
          && !Files.readString(task.resolve("wchan")).isBlank()
          && (syscall.equals("0") || syscall.equals("45"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Sends SIGUSR1 with {@code kill}, waiting at most 10 s for it. */
  static void sigusr1(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(pid)).inheritIO().start();
    try {
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -USR1 finished").isTrue();
      assertThat(kill.exitValue()).isZero();
    } finally {
      kill.destroyForcibly();
    }
  }

  static FaulthandlerDump awaitDump(Path file, int threads) {
    String text =
        Await.value(
            "a complete faulthandler dump in " + file,
            Duration.ofSeconds(10),
            () -> {
              try {
                String t = Files.readString(file);
                return FaulthandlerDump.complete(t, threads) ? Optional.of(t) : Optional.empty();
              } catch (IOException e) {
                return Optional.empty();
              }
            });
    return FaulthandlerDump.parse(text);
  }
}
