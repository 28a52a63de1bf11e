package dev.hangdoctor.evidence;

/**
 * The process that traces another with {@code ptrace} (a debugger, {@code strace}), from the traced
 * process's {@code TracerPid}: its pid and its name ({@code comm}), {@code null} when it could not
 * be read.
 */
public record Tracer(int pid, String name) {
  /** "PID 123 (gdb)", or "PID 123" without a name. */
  public String describe() {
    return "PID " + pid + (name == null ? "" : " (" + name + ")");
  }
}
