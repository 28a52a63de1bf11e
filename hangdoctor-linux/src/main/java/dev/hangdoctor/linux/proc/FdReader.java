package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists {@code /proc/PID/fd} and reads where each descriptor points. */
public final class FdReader {
  public static final String FDS = "open files (/proc/PID/fd)";

  private final ProcFs procFs;

  public FdReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** The open descriptors in fd order; descriptors closed during the read are left out. */
  public List<FdEntry> read(int pid) throws ProcReadException {
    Path dir = procFs.pidDir(pid).resolve("fd");
    int[] fds = procFs.listNumbers(dir);
    List<FdEntry> entries = new ArrayList<>(fds.length);
    for (int fd : fds) {
      try {
        String target = procFs.readLink(dir.resolve(Integer.toString(fd)));
        entries.add(new FdEntry(fd, FdClassifier.classify(target), target));
      } catch (ProcReadException e) {
        if (!e.targetExited()) {
          throw e;
        }
      }
    }
    return entries;
  }
}
