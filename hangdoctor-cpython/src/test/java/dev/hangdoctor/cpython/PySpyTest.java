package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.hangdoctor.cpython.PySpy.SpyFrame;
import dev.hangdoctor.cpython.PySpy.SpyThread;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing py-spy 0.4.3's {@code dump --json} output, captured from CPython 3.11.2. */
class PySpyTest {

  @Test
  void parsesEveryThreadWithItsFramesNameAndFlags() throws Exception {
    String json;
    try (InputStream in = PySpyTest.class.getResourceAsStream("pyspy_dump.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    List<SpyThread> threads = PySpy.parse(json);

    assertThat(threads)
        .extracting(SpyThread::osThreadId, SpyThread::name, SpyThread::active, SpyThread::ownsGil)
        .containsExactly(
            tuple(11925, null, false, false),
            tuple(11924, "überwacher", false, false),
            tuple(11922, "MainThread", false, false));
    assertThat(threads.get(2).threadId()).isEqualTo(140378370916416L);
    assertThat(threads.get(0).frames())
        .containsExactly(new SpyFrame("from_c", "/tmp/ps_probe.py", 4));
    assertThat(threads.get(1).frames())
        .extracting(SpyFrame::name)
        .containsExactly("nap", "Thread.run", "Thread._bootstrap_inner", "Thread._bootstrap");
  }

  @Test
  void readsIdentitiesAboveLongMaxValueAsUnsigned() {
    List<SpyThread> threads =
        PySpy.parse(
            "[{\"thread_id\": 18446744073709551615, \"thread_name\": \"a\\u00fc\\\"\","
                + " \"os_thread_id\": 7, \"active\": true, \"owns_gil\": true, \"frames\": []}]");

    assertThat(threads).containsExactly(new SpyThread(-1L, 7, "aü\"", true, true, List.of()));
  }

  @Test
  void refusesTruncatedOutput() {
    assertThatThrownBy(() -> PySpy.parse("[{\"thread_id\": 1,"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected end");
  }
}
