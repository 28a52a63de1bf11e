package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.HostLoad;
import dev.hangdoctor.evidence.SchedStat;
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
  void schedstatIsRunTimeRunQueueWaitAndTimeslices() {
    assertThat(SchedStatParser.parse("964893271 1893975132 312\n"))
        .isEqualTo(new SchedStat(964893271L, 1893975132L, 312));
    assertThat(SchedStatParser.parse("12 34")).isNull();
    assertThat(SchedStatParser.parse("a b c")).isNull();
    assertThat(SchedStatParser.parse("-1 0 0")).isNull();
  }

  @Test
  void hostLoadFromLoadavgAndTheCpuLinesOfStat() {
    String stat =
        "cpu  4705 150 1120 16250 520 0 0 0 0 0\n"
            + "cpu0 2352 75 560 8125 260 0 0 0 0 0\n"
            + "cpu1 2353 75 560 8125 260 0 0 0 0 0\n"
            + "intr 114930548 113199788 3 0 5 263 0 4 [... 200 values ...]\n"
            + "ctxt 1990473\n";

    assertThat(HostLoadParser.parse("4.95 2.92 1.27 7/129 14827\n", stat))
        .isEqualTo(new HostLoad(4.95, 2.92, 1.27, 7, 129, 2));
    assertThat(HostLoadParser.parse("4.95 2.92 1.27 7/129 14827\n", stat).load1PerCpu())
        .isEqualTo(2.475);
    assertThat(HostLoadParser.parse("garbage", stat)).isNull();
    assertThat(HostLoadParser.parse("1.0 1.0 1.0 1/10 5", "").cpus()).isZero();
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
