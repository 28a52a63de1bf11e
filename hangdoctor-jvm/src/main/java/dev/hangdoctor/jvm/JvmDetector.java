package dev.hangdoctor.jvm;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;

/** Tells a HotSpot JVM from any other process: it maps {@code libjvm.so}. */
final class JvmDetector {
  private JvmDetector() {}

  /** True when {@code mapsText} (the text of {@code /proc/PID/maps}) maps HotSpot's library. */
  static boolean mapsHotSpot(String mapsText) {
    return mapsText.contains("/libjvm.so");
  }

  /**
   * From the memory map when it can be read; another user's process hides it, and then a process
   * whose command is {@code java} counts as one (attaching will then say why it cannot).
   */
  static boolean isJvm(ProcFs procFs, int pid) throws ProcReadException {
    try {
      return mapsHotSpot(procFs.readText(procFs.pidDir(pid).resolve("maps")));
    } catch (ProcReadException e) {
      if (!e.permissionDenied()) {
        throw e;
      }
      return "java".equals(procFs.readText(procFs.pidDir(pid).resolve("comm")).strip());
    }
  }
}
