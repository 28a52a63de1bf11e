package dev.hangdoctor.evidence;

/**
 * One machine-code frame of a thread: its program counter, the function the ELF symbol tables name
 * for it ({@code null} when none covers it) and the offset into it, the source file and line from
 * the DWARF line table ({@code null} and -1 when the binary has none), and the mapped file it is in
 * ({@code module}). {@code user} marks the program's own code (its executable, or a library outside
 * the system's library directories); {@code entry} marks a thread's start routine, named from the
 * thread's descriptor when the thread runs and its registers cannot be read: where the thread
 * began, not where it is now.
 */
public record NativeFrame(
    long pc,
    String function,
    long offset,
    String file,
    int line,
    String module,
    boolean user,
    boolean entry) {

  /** {@code handle_timeouts (iec104_gateway.c:88)}, {@code __lll_lock_wait (libc.so.6)}. */
  public String describe() {
    String name = function != null ? function : "0x" + Long.toHexString(pc);
    String where;
    if (file != null && line > 0) {
      where = file.substring(file.lastIndexOf('/') + 1) + ":" + line;
    } else {
      where = module == null ? "?" : module.substring(module.lastIndexOf('/') + 1);
    }
    return name + " (" + where + ")" + (entry ? " [thread entry, not where it runs now]" : "");
  }

  /** This frame as a source frame for a finding's key frames ({@code file:function}). */
  public PythonFrame asSourceFrame() {
    String name = function != null ? function : "0x" + Long.toHexString(pc);
    return new PythonFrame(
        name, name, file != null ? file : module, line, PythonFrame.Owner.THREAD);
  }
}
