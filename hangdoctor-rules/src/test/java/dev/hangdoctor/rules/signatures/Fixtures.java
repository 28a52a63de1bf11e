package dev.hangdoctor.rules.signatures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hangdoctor.evidence.Inspection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Recorded evidence from {@code src/test/resources/evidence/} (see the README there). */
public final class Fixtures {
  /** A worker thread recv()s on a TCP socket whose peer never answers (client.py). */
  public static final String BLOCKING_RECV = "blocking-recv";

  /** threads.c: a native spinner at ~90 % CPU beside a pipe reader, a sleeper and pause(). */
  public static final String NATIVE_SPINNER = "threads-spinner";

  /** spin.py: a Python thread polling a flag in a busy loop. */
  public static final String PYTHON_SPIN = "python-spin";

  /** sockets.c: 40 CLOSE_WAIT sockets, 4242 unread bytes on fd 7, a full send queue. */
  public static final String SOCKETS = "sockets";

  /** fd_leak.py: opens a pipe every 30 ms and never closes it. */
  public static final String FD_LEAK = "fd-leak";

  /** idle_loop.py: a healthy asyncio server idle in epoll_wait. */
  public static final String HEALTHY_ASYNCIO = "idle-asyncio";

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Fixtures() {}

  public static Inspection load(String name) {
    String resource = "/evidence/" + name + ".json";
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded evidence " + resource);
      }
      return MAPPER.readValue(in, Inspection.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
