package dev.hangdoctor.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stacks as hangdoctor dump prints them for uvicorn on uvloop (3.11.7, uvicorn 0.3x, uvloop). */
class EventLoopsTest {
  private static final String LIB = "/root/.pyenv/versions/3.11.7/lib/python3.11/";

  private static PythonFrame frame(String qualifiedName, String file, int line) {
    String function = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    return new PythonFrame(function, qualifiedName, file, line, PythonFrame.Owner.THREAD);
  }

  private static final List<PythonFrame> UVICORN_ON_UVLOOP =
      List.of(
          frame("asyncio_run", LIB + "site-packages/uvicorn/_compat.py", 30),
          frame("Server.run", LIB + "site-packages/uvicorn/server.py", 86),
          frame("main", "/srv/app.py", 22));

  @Test
  void aNativeLoopWaitingForEventsRunsNothingOnTopOfIt() {
    List<PythonFrame> idle =
        concat(List.of(frame("Runner.run", LIB + "asyncio/runners.py", 118)), UVICORN_ON_UVLOOP);

    assertThat(EventLoops.runsEventLoop(idle)).isTrue();
    assertThat(EventLoops.runningOnLoop(idle)).isEmpty();
  }

  @Test
  void aCoroutineOnANativeLoopIsWhatRunsOnIt() {
    PythonFrame handler = frame("report", "/srv/app.py", 40);
    List<PythonFrame> busy =
        concat(
            List.of(handler, frame("Runner.run", LIB + "asyncio/runners.py", 118)),
            UVICORN_ON_UVLOOP);

    assertThat(EventLoops.runningOnLoop(busy)).containsExactly(handler);
  }

  private static List<PythonFrame> concat(List<PythonFrame> a, List<PythonFrame> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
