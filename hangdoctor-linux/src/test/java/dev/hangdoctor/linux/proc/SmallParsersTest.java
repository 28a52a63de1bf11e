package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.FdSummary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallParsersTest {
  @Test
  void openFilesLimitFromCapturedLimits() {
    assertThat(OpenFilesLimit.parse(Resources.text("limits.txt")))
        .isEqualTo(new OpenFilesLimit(20000, 20000));
    assertThat(OpenFilesLimit.parse("Max open files   unlimited   unlimited   files\n"))
        .isEqualTo(new OpenFilesLimit(FdSummary.UNLIMITED, FdSummary.UNLIMITED));
    assertThat(OpenFilesLimit.parse("nothing here")).isEqualTo(OpenFilesLimit.UNKNOWN);
  }

  @Test
  void cmdlineKeepsEmptyArgumentsAndDropsTheTerminator() {
    byte[] bytes = "sh\0-c\0\0echo hi\0".getBytes(StandardCharsets.UTF_8);

    assertThat(CmdlineParser.parse(bytes)).containsExactly("sh", "-c", "", "echo hi");
    assertThat(CmdlineParser.parse(new byte[0])).isEmpty();
    assertThat(CmdlineParser.parse("rewritten title".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("rewritten title");
  }

  @Test
  void fdTargetsAreClassifiedAndCounted() {
    List<FdEntry> fds =
        List.of(
            entry(0, "/dev/pts/0"),
            entry(3, "socket:[123]"),
            entry(4, "socket:[124]"),
            entry(5, "pipe:[99]"),
            entry(6, "anon_inode:[eventpoll]"),
            entry(7, "net:[4026531840]"));

    FdSummary summary = FdClassifier.summarize(fds, new OpenFilesLimit(1024, 4096));

    assertThat(summary).isEqualTo(new FdSummary(6, 2, 1, 1, 1, 1, 1024, 4096));
  }

  @Test
  void wchanZeroMeansNotSleeping() {
    assertThat(Wchan.parse(Resources.text("wchan-nanosleep.txt"))).isEqualTo("hrtimer_nanosleep");
    assertThat(Wchan.parse("0")).isNull();
    assertThat(Wchan.parse("")).isNull();
  }

  @Test
  void bootTimeAndUptime() {
    assertThat(BootTime.parseEpochMillis("cpu 1 2\nbtime 1763890000\nprocesses 5\n"))
        .isEqualTo(1_763_890_000_000L);
    assertThat(BootTime.parseEpochMillis("cpu 1 2\n")).isEqualTo(-1);
    assertThat(Uptime.parseMillis("4302.48 8388.93\n")).isEqualTo(4_302_480L);
  }

  @Test
  void userNamesFromPasswdText() {
    var names =
        UserNames.parse("root:x:0:0:root:/root:/bin/bash\nbroken\nnobody:x:65534:65534::/:/x\n");

    assertThat(names).containsEntry(0, "root").containsEntry(65534, "nobody").hasSize(2);
  }

  private static FdEntry entry(int fd, String target) {
    return new FdEntry(fd, FdClassifier.classify(target), target);
  }

  @Test
  void classifierKinds() {
    assertThat(FdClassifier.classify("socket:[1]")).isEqualTo(FdKind.SOCKET);
    assertThat(FdClassifier.classify("/tmp/x (deleted)")).isEqualTo(FdKind.FILE);
    assertThat(FdClassifier.classify("anon_inode:[pidfd]")).isEqualTo(FdKind.ANON_INODE);
  }
}
