package dev.hangdoctor.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserFramesTest {
  private static PythonFrame frame(String function, String file, int line) {
    return new PythonFrame(function, function, file, line, PythonFrame.Owner.THREAD);
  }

  @Test
  void theUsersFrameComesFirstThenTheLibraryFrameWhereItBlocks() {
    PythonFrame recv = frame("recv_into", "/usr/lib/python3.11/socket.py", 706);
    PythonFrame ssl = frame("read", "/app/venv/lib/python3.11/site-packages/urllib3/x.py", 9);
    PythonFrame mine = frame("fetch", "/srv/app/client.py", 12);
    PythonFrame main = frame("<module>", "/srv/app/main.py", 3);

    assertThat(UserFrames.keyFrames(List.of(recv, ssl, mine, main))).containsExactly(mine, recv);
  }

  @Test
  void libraryFilesAreRecognised() {
    assertThat(UserFrames.isLibrary("/usr/lib/python3.12/threading.py")).isTrue();
    assertThat(UserFrames.isLibrary("/root/.pyenv/versions/3.11.7/lib/python3.11/selectors.py"))
        .isTrue();
    assertThat(UserFrames.isLibrary("/usr/lib/python3/dist-packages/requests/api.py")).isTrue();
    assertThat(UserFrames.isLibrary("<frozen importlib._bootstrap>")).isTrue();
    assertThat(UserFrames.isLibrary("/home/me/lib/tools/job.py")).isFalse();
  }

  @Test
  void aStackOfLibraryCodeOnlyNamesItsInnermostFrame() {
    PythonFrame select = frame("select", "/usr/lib/python3.11/selectors.py", 468);
    PythonFrame loop = frame("run_forever", "/usr/lib/python3.11/asyncio/base_events.py", 607);

    assertThat(UserFrames.keyFrames(List.of(select, loop))).containsExactly(select);
  }
}
