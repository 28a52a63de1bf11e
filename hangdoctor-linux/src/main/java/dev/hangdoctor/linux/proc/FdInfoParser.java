package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.FdEntry;

/**
 * Parses {@code /proc/PID/fdinfo/FD}: the {@code flags:} line holds the open flags in octal, whose
 * low two bits are the access mode ({@code O_RDONLY} 0, {@code O_WRONLY} 1, {@code O_RDWR} 2).
 */
public final class FdInfoParser {
  private static final int ACCESS_MODE = 3;

  private FdInfoParser() {}

  public static FdEntry.Access access(String fdinfo) {
    for (String line : fdinfo.split("\n")) {
      if (line.startsWith("flags:")) {
        try {
          int flags = Integer.parseInt(line.substring("flags:".length()).trim(), 8);
          return switch (flags & ACCESS_MODE) {
            case 0 -> FdEntry.Access.READ;
            case 1 -> FdEntry.Access.WRITE;
            case 2 -> FdEntry.Access.READ_WRITE;
            default -> FdEntry.Access.UNKNOWN;
          };
        } catch (NumberFormatException e) {
          return FdEntry.Access.UNKNOWN;
        }
      }
    }
    return FdEntry.Access.UNKNOWN;
  }
}
