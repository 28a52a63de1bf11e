package dev.hangdoctor.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.jvm.dump.ThreadPrintParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a dump taken without {@code -l} must be asked again with it, on captured dumps. */
class JvmSessionTest {

  @ParameterizedTest
  @CsvSource({
    "17, mixed-deadlock, true",
    "25, mixed-deadlock, true",
    "17, lock-over-io, false",
    "25, lock-over-io, false",
    "17, monitor-deadlock, false",
    "25, monitor-deadlock, false",
    "17, connection-pool-leak, false",
    "25, connection-pool-leak, false",
    "17, fixed-pool-starvation, false",
    "25, future-never-completed, false",
    "25, idle-http-server, false"
  })
  void onlyAThreadParkedOnAnOwnedLockNeedsTheLockedSynchronizers(
      int jdk, String dump, boolean asksAgain) throws IOException {
    assertThat(JvmSession.waitsForOwnableLock(threads(jdk, dump))).isEqualTo(asksAgain);
  }

  private static List<JavaThread> threads(int jdk, String name) throws IOException {
    String path = "/dev/hangdoctor/jvm/dump/jdk" + jdk + "/" + name + ".txt";
    try (InputStream in = JvmSessionTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return ThreadPrintParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .threads();
    }
  }
}
