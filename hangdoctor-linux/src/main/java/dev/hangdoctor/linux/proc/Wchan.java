package dev.hangdoctor.linux.proc;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;

/**
 * The kernel function a task sleeps in ({@code /proc/PID/wchan}); the kernel prints {@code 0} for a
 * task that is not sleeping, which becomes {@code null}.
 */
public final class Wchan {
  private Wchan() {}

  public static String parse(String text) {
    String wchan = text.trim();
    return wchan.isEmpty() || wchan.equals("0") ? null : wchan;
  }

  /** The wait channel of the task whose directory is {@code taskDir}. */
  public static String read(ProcFs procFs, Path taskDir) throws ProcReadException {
    return parse(procFs.readText(taskDir.resolve("wchan")));
  }

  /** Like {@link #read} but {@code null} when it cannot be read. */
  public static String readOrNull(ProcFs procFs, Path taskDir) {
    try {
      return read(procFs, taskDir);
    } catch (ProcReadException e) {
      return null;
    }
  }
}
