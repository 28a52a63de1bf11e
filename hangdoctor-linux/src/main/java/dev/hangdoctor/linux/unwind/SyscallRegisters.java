package dev.hangdoctor.linux.unwind;

/**
 * The stack pointer and program counter in {@code /proc/PID/task/TID/syscall}: its last two fields
 * when the thread is in a system call ({@code NR ARG1 … ARG6 SP PC}) or in the kernel ({@code -1 SP
 * PC}). A pure function of the text.
 */
public final class SyscallRegisters {
  private SyscallRegisters() {}

  /** {@code {sp, pc}}, or {@code null} when the thread runs or the text has no registers. */
  public static long[] parse(String text) {
    String[] fields = text.trim().split(" ");
    if (fields.length != 9 && fields.length != 3) {
      return null;
    }
    try {
      long sp = Long.parseUnsignedLong(strip(fields[fields.length - 2]), 16);
      long pc = Long.parseUnsignedLong(strip(fields[fields.length - 1]), 16);
      return sp == 0 || pc == 0 ? null : new long[] {sp, pc};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String strip(String field) {
    return field.startsWith("0x") ? field.substring(2) : field;
  }
}
