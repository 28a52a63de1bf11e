package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.FdSummary;
import java.util.List;

/** Tells what an fd link target is ({@code socket:[…]}, {@code pipe:[…]}, a path …) and counts. */
public final class FdClassifier {
  private FdClassifier() {}

  public static FdKind classify(String target) {
    if (target.startsWith("socket:[")) {
      return FdKind.SOCKET;
    }
    if (target.startsWith("pipe:[")) {
      return FdKind.PIPE;
    }
    if (target.startsWith("anon_inode:")) {
      return FdKind.ANON_INODE;
    }
    if (target.startsWith("/")) {
      return FdKind.FILE;
    }
    return FdKind.OTHER;
  }

  public static FdSummary summarize(List<FdEntry> fds, OpenFilesLimit limit) {
    int sockets = 0;
    int pipes = 0;
    int files = 0;
    int anonInodes = 0;
    int other = 0;
    for (FdEntry fd : fds) {
      switch (fd.kind()) {
        case SOCKET:
          sockets++;
          break;
        case PIPE:
        case FIFO:
          pipes++;
          break;
        case FILE:
          files++;
          break;
        case ANON_INODE:
          anonInodes++;
          break;
        default:
          other++;
      }
    }
    return new FdSummary(
        fds.size(), sockets, pipes, files, anonInodes, other, limit.soft(), limit.hard());
  }
}
