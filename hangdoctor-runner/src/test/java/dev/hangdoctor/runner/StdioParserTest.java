package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which standard descriptors a command may inherit, on captured {@code /proc/self} values. */
class StdioParserTest {
  private static final List<Path> JVM =
      List.of(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), Path.of("/opt/hd/hangdoctor.jar"));
  private static final Optional<String> READ_ONLY =
      Optional.of("pos:\t0\nflags:\t0100000\nmnt_id:\t27\nino:\t1046\n");
  private static final Optional<String> WRITE_ONLY =
      Optional.of("pos:\t0\nflags:\t02100001\nmnt_id:\t27\nino:\t1046\n");
  private static final Optional<String> READ_WRITE = Optional.of("pos:\t0\nflags:\t0102002\n");

  @Test
  void aClosedDescriptorIsNotUsable() {
    for (int fd = 0; fd < 3; fd++) {
      assertThat(StdioParser.usable(fd, Optional.empty(), Optional.empty(), JVM)).isFalse();
    }
  }

  @Test
  void theJvmsOwnFilesUnderAStandardNumberAreNotUsable() {
    Optional<String> modules = Optional.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/modules");
    assertThat(StdioParser.usable(0, modules, READ_ONLY, JVM)).isFalse();
    assertThat(StdioParser.usable(1, modules, READ_ONLY, JVM)).isFalse();
    assertThat(StdioParser.usable(2, Optional.of("/opt/hd/hangdoctor.jar"), READ_ONLY, JVM))
        .isFalse();
  }

  @Test
  void whatTheUserGaveIsUsable() {
    assertThat(StdioParser.usable(0, Optional.of("/dev/pts/3"), READ_WRITE, JVM)).isTrue();
    assertThat(StdioParser.usable(0, Optional.of("pipe:[25071]"), READ_ONLY, JVM)).isTrue();
    assertThat(StdioParser.usable(0, Optional.of("/home/me/input.txt"), READ_ONLY, JVM)).isTrue();
    assertThat(StdioParser.usable(1, Optional.of("/tmp/out.log"), WRITE_ONLY, JVM)).isTrue();
    assertThat(StdioParser.usable(2, Optional.of("socket:[9]"), READ_WRITE, JVM)).isTrue();
    assertThat(StdioParser.usable(1, Optional.of("/tmp/out.log"), Optional.empty(), JVM))
        .as("unknown mode: trust it")
        .isTrue();
  }

  @Test
  void anOutputOpenOnlyForReadingIsNoOutput() {
    assertThat(StdioParser.usable(1, Optional.of("/etc/hosts"), READ_ONLY, JVM)).isFalse();
    assertThat(StdioParser.usable(0, Optional.of("/tmp/log"), WRITE_ONLY, JVM)).isFalse();
  }

  @Test
  void theAccessModeIsTheLowBitsOfTheOctalFlags() {
    assertThat(StdioParser.accessMode(READ_ONLY.get())).contains(0);
    assertThat(StdioParser.accessMode(WRITE_ONLY.get())).contains(1);
    assertThat(StdioParser.accessMode(READ_WRITE.get())).contains(2);
    assertThat(StdioParser.accessMode("pos:\t0\n")).isEmpty();
  }
}
