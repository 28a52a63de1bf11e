package dev.hangdoctor.runner;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether one of hangdoctor's own standard descriptors (0, 1, 2) is really the stream the user gave
 * it, so that CMD may inherit it. When the user closed it ({@code <&-}, {@code >&-}) the JVM's
 * first open file took the free number, typically its runtime image {@code lib/modules} or the jar:
 * such a descriptor must not reach CMD ({@code cat} would print the runtime image). Pure: the
 * caller reads the link and the {@code fdinfo} text.
 */
final class StdioParser {
  private static final int O_ACCMODE = 3;
  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 1;

  private StdioParser() {}

  /**
   * True when descriptor {@code fd} may be handed to CMD as is.
   *
   * @param link the target of {@code /proc/self/fd/FD}, empty when the descriptor is closed
   * @param fdinfo the text of {@code /proc/self/fdinfo/FD}, empty when unreadable
   * @param jvmFiles files the JVM opened for itself (its runtime image, the class path)
   */
  static boolean usable(
      int fd, Optional<String> link, Optional<String> fdinfo, Collection<Path> jvmFiles) {
    if (link.isEmpty()) {
      return false;
    }
    String target = link.get();
    if (target.startsWith("/")) {
      Path path = Path.of(target);
      if (jvmFiles.stream().anyMatch(path::startsWith)) {
        return false;
      }
    }
    int mode = fdinfo.flatMap(StdioParser::accessMode).orElse(-1);
    return fd == 0 ? mode != O_WRONLY : mode != O_RDONLY;
  }

  /** The access mode (O_RDONLY 0, O_WRONLY 1, O_RDWR 2) from the octal {@code flags:} line. */
  static Optional<Integer> accessMode(String fdinfo) {
    for (String line : fdinfo.split("\n")) {
      if (line.startsWith("flags:")) {
        try {
          return Optional.of(Integer.parseInt(line.substring(6).strip(), 8) & O_ACCMODE);
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
