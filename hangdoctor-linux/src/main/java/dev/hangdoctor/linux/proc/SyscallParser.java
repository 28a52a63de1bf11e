package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.SyscallState;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/PID/task/TID/syscall}: {@code running}, {@code -1 SP PC} (in the kernel but
 * not in a system call), or {@code NR ARG1 … ARG6 SP PC} with hexadecimal arguments.
 */
public final class SyscallParser {
  private SyscallParser() {}

  public static SyscallState parse(String text) {
    String line = text.trim();
    if (line.isEmpty()) {
      return SyscallState.UNKNOWN;
    }
    if (line.equals("running")) {
      return SyscallState.RUNNING;
    }
    String[] fields = line.split(" ");
    int number;
    try {
      number = Integer.parseInt(fields[0]);
    } catch (NumberFormatException e) {
      return SyscallState.UNKNOWN;
    }
    if (number < 0) {
      return SyscallState.IN_KERNEL;
    }
    List<Long> arguments = new ArrayList<>(6);
    for (int i = 1; i < fields.length && i <= 6; i++) {
      arguments.add(parseHex(fields[i]));
    }
    return SyscallState.inSyscall(number, X86_64Syscalls.name(number), arguments);
  }

  private static long parseHex(String field) {
    String digits = field.startsWith("0x") ? field.substring(2) : field;
    try {
      return Long.parseUnsignedLong(digits, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
