package dev.hangdoctor.evidence;

/**
 * Counts of a process's open file descriptors by kind, and its open-files limit ({@code
 * RLIMIT_NOFILE}); a limit of {@link #UNLIMITED} means none, {@link #UNKNOWN} that it was not read.
 */
public record FdSummary(
    int total,
    int sockets,
    int pipes,
    int files,
    int anonInodes,
    int other,
    long openFilesSoftLimit,
    long openFilesHardLimit) {
  public static final long UNLIMITED = -1;
  public static final long UNKNOWN = -2;
}
