package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.FdEntry.Access;
import org.junit.jupiter.api.Test;

class FdInfoParserTest {
  @Test
  void theAccessModeIsTheLowTwoBitsOfTheOctalFlags() {
    assertThat(FdInfoParser.access("pos:\t0\nflags:\t02000000\nmnt_id:\t15\nino:\t4711\n"))
        .isEqualTo(Access.READ);
    assertThat(FdInfoParser.access("pos:\t0\nflags:\t02000001\nmnt_id:\t15\n"))
        .isEqualTo(Access.WRITE);
    assertThat(FdInfoParser.access("pos:\t0\nflags:\t0100002\n")).isEqualTo(Access.READ_WRITE);
  }

  @Test
  void withoutAReadableFlagsLineTheAccessIsUnknown() {
    assertThat(FdInfoParser.access("pos:\t0\n")).isEqualTo(Access.UNKNOWN);
    assertThat(FdInfoParser.access("flags:\tzz\n")).isEqualTo(Access.UNKNOWN);
    assertThat(FdInfoParser.access("")).isEqualTo(Access.UNKNOWN);
  }
}
