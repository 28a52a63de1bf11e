package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * On CPython 3.14, the task graph hangdoctor reads must equal the one CPython's own remote reader
 * ({@code python -m asyncio ps}, through {@code asyncio.tools}) reads from the same process: the
 * same tasks, the same awaiters, the same coroutine stacks.
 */
class AsyncioPsDifferentialTest {

  @Test
  void sameTasksAwaitersAndStacksAsPythonMinusMAsyncioPs() throws Exception {
    List<PythonInterpreter> fourteen =
        LiveTargets.supportedPythons().stream().filter(p -> p.minor() == 14).toList();
    assumeTrue(!fourteen.isEmpty(), "no CPython 3.14 on this machine");
    PythonInterpreter python = fourteen.get(0);
    try (Target target = LiveAsyncTasksTest.start(python)) {
      target.ready();
      AsyncTasks ours = new AsyncTaskReader(ProcFs.system()).read((int) target.pid());
      BoundedCommand.Result theirs =
          BoundedCommand.run(
              List.of(python.path().toString(), tool().toString(), Long.toString(target.pid())),
              Duration.ofSeconds(60));
      assertThat(theirs.succeeded()).as(theirs.describe()).isTrue();

      assertThat(table(ours)).isNotEmpty().isEqualTo(table(theirs.out()));
    }
  }

  private static Map<String, TreeSet<String>> table(AsyncTasks tasks) {
    Map<String, TreeSet<String>> rows = new TreeMap<>();
    for (AsyncTask task : tasks.tasks()) {
      List<String> stack = new ArrayList<>();
      for (TaskFrame frame : task.stack()) {
        stack.add(0, frame.frame().qualifiedName());
      }
      String id = "0x" + Long.toHexString(task.address());
      TreeSet<String> awaiters =
          rows.computeIfAbsent(id + " " + String.join(" -> ", stack), key -> new TreeSet<>());
      if (task.awaitedBy().isEmpty()) {
        awaiters.add("0x0");
      }
      task.awaitedBy().forEach(parent -> awaiters.add("0x" + Long.toHexString(parent)));
    }
    return rows;
  }

  private static Map<String, TreeSet<String>> table(String output) {
    Map<String, TreeSet<String>> rows = new TreeMap<>();
    for (String line : output.split("\n")) {
      String[] cells = line.split("\t", -1);
      if (cells.length == 3) {
        rows.computeIfAbsent(cells[0] + " " + cells[2], key -> new TreeSet<>()).add(cells[1]);
      }
    }
    return rows;
  }

  private static Path tool() throws URISyntaxException {
    return Path.of(AsyncioPsDifferentialTest.class.getResource("asyncio_tools_table.py").toURI());
  }
}
