package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.HostLoad;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;

/**
 * Reads the machine's load ({@code /proc/loadavg}, {@code /proc/stat}); see {@link HostLoadParser}.
 */
public final class HostLoadReader {
  private final ProcFs procFs;

  public HostLoadReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** The load now, or {@code null} when the files cannot be read. */
  public HostLoad read() {
    try {
      return HostLoadParser.parse(
          procFs.readText(procFs.root().resolve("loadavg")),
          procFs.readText(procFs.root().resolve("stat")));
    } catch (ProcReadException e) {
      return null;
    }
  }
}
