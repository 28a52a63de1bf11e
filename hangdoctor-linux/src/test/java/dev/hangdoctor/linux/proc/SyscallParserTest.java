package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.SyscallState;
import org.junit.jupiter.api.Test;

class SyscallParserTest {
  @Test
  void blockedCallHasNumberNameAndSixArguments() {
    SyscallState state = SyscallParser.parse(Resources.text("syscall-nanosleep.txt"));

    assertThat(state.status()).isEqualTo(SyscallState.Status.IN_SYSCALL);
    assertThat(state.number()).isEqualTo(230);
    assertThat(state.name()).isEqualTo("clock_nanosleep");
    assertThat(state.arguments()).containsExactly(0L, 0L, 0x7ffdc16cc4a0L, 0x7ffdc16cc4e0L, 0L, 0L);
  }

  @Test
  void runningAndInKernelAreNotSyscalls() {
    assertThat(SyscallParser.parse("running\n")).isEqualTo(SyscallState.RUNNING);
    assertThat(SyscallParser.parse("-1 0x7ffd0 0x4011d6\n").status())
        .isEqualTo(SyscallState.Status.IN_KERNEL);
  }

  @Test
  void readOnAPipeDescribesItsDescriptor() {
    SyscallState state =
        SyscallParser.parse(
            "0 0x3 0x7f6d7c5cf000 0x20000 0x0 0x0 0x0 0x7fffe9f86438 0x7f6d7c74b2ad");

    assertThat(state.name()).isEqualTo("read");
    assertThat(state.describe()).isEqualTo("read(3, 0x7f6d7c5cf000, 0x20000, …)");
  }

  @Test
  void garbageIsUnknownNotAnException() {
    assertThat(SyscallParser.parse("")).isEqualTo(SyscallState.UNKNOWN);
    assertThat(SyscallParser.parse("bogus 1 2")).isEqualTo(SyscallState.UNKNOWN);
    assertThat(SyscallParser.parse("7 0xZZ").arguments()).containsExactly(-1L);
  }

  @Test
  void unknownNumbersKeepTheirNumber() {
    SyscallState state = SyscallParser.parse("999 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0");

    assertThat(state.name()).isNull();
    assertThat(state.describe()).startsWith("syscall_999(");
  }
}
