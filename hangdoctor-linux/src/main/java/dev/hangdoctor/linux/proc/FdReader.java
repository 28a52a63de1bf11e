package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists {@code /proc/PID/fd} and reads where each descriptor points; a pipe's or FIFO's access mode
 * (which end it is) comes from {@code /proc/PID/fdinfo/FD}.
 */
public final class FdReader {
  public static final String FDS = "open files (/proc/PID/fd)";

  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

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
        Path link = dir.resolve(Integer.toString(fd));
        String target = procFs.readLink(link);
        FdKind kind = FdClassifier.classify(target);
        if (kind == FdKind.FILE && isFifo(link)) {
          kind = FdKind.FIFO;
        }
        FdEntry.Access access =
            kind == FdKind.PIPE || kind == FdKind.FIFO ? access(pid, fd) : FdEntry.Access.UNKNOWN;
        entries.add(new FdEntry(fd, kind, target, access));
      } catch (ProcReadException e) {
        if (!e.targetExited()) {
          throw e;
        }
      }
    }
    return entries;
  }

  /** Which end of a pipe descriptor {@code fd} of {@code pid} is. */
  public FdEntry.Access access(int pid, int fd) {
    try {
      return FdInfoParser.access(
          procFs.readText(procFs.pidDir(pid).resolve("fdinfo").resolve(Integer.toString(fd))));
    } catch (ProcReadException e) {
      return FdEntry.Access.UNKNOWN;
    }
  }

  private static boolean isFifo(Path link) {
    try {
      Object mode = Files.getAttribute(link, "unix:mode");
      return mode instanceof Integer value && (value & S_IFMT) == S_IFIFO;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
