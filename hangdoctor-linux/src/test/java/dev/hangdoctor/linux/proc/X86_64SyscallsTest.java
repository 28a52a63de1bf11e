package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class X86_64SyscallsTest {
  private static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

  @Test
  void everyNumberInTheInstalledKernelHeaderHasTheSameName() throws IOException {
    Tool.KERNEL_HEADERS.require(Files.exists(HEADER));
    Pattern define = Pattern.compile("#define __NR_(\\w+) (\\d+)");
    int checked = 0;
    for (String line : Files.readAllLines(HEADER)) {
      Matcher m = define.matcher(line);
      if (m.matches()) {
        assertThat(X86_64Syscalls.name(Integer.parseInt(m.group(2))))
            .as("syscall %s", m.group(2))
            .isEqualTo(m.group(1));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(300);
  }

  @Test
  void theCallsHangsAreMadeOfAreNamed() {
    assertThat(X86_64Syscalls.name(0)).isEqualTo("read");
    assertThat(X86_64Syscalls.name(7)).isEqualTo("poll");
    assertThat(X86_64Syscalls.name(45)).isEqualTo("recvfrom");
    assertThat(X86_64Syscalls.name(61)).isEqualTo("wait4");
    assertThat(X86_64Syscalls.name(202)).isEqualTo("futex");
    assertThat(X86_64Syscalls.name(232)).isEqualTo("epoll_wait");
    assertThat(X86_64Syscalls.name(281)).isEqualTo("epoll_pwait");
    assertThat(X86_64Syscalls.name(455)).isEqualTo("futex_wait");
    assertThat(X86_64Syscalls.number("clock_nanosleep")).isEqualTo(230);
  }

  @Test
  void outOfRangeNumbersHaveNoName() {
    assertThat(X86_64Syscalls.name(-1)).isNull();
    assertThat(X86_64Syscalls.name(100_000)).isNull();
    assertThat(X86_64Syscalls.name(335)).isNull();
    assertThat(X86_64Syscalls.number("no_such_call")).isEqualTo(-1);
  }
}
