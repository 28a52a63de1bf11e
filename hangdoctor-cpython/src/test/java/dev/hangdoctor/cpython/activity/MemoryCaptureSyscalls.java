package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.proc.SyscallParser;
import java.util.Map;

/** Recorded {@code /proc/PID/task/TID/syscall} lines as the activity reader's syscall source. */
final class MemoryCaptureSyscalls {
  private MemoryCaptureSyscalls() {}

  static SyscallState parse(Map<Integer, String> lines, int tid) {
    String line = lines.get(tid);
    return line == null ? SyscallState.UNKNOWN : SyscallParser.parse(line);
  }
}
