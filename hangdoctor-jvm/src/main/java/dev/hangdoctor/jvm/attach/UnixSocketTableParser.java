package dev.hangdoctor.jvm.attach;

import java.util.HashSet;
import java.util.Set;

/**
 * Reads {@code /proc/PID/net/unix}, the kernel's table of the UNIX sockets of a network namespace:
 * the paths that a socket is listening on now. A socket file with no listener behind it is left
 * over from a process that died (the file outlives the socket), such as the attach socket of an
 * earlier JVM that had the same pid.
 */
final class UnixSocketTableParser {
  /** {@code __SO_ACCEPTCON}: the socket is listening. */
  private static final long ACCEPTING = 0x10000;

  private UnixSocketTableParser() {}

  /**
   * The paths with a listening socket, from the table's text ({@code Num RefCount Protocol Flags
   * Type St Inode Path}); abstract and unnamed sockets are left out.
   */
  static Set<String> listeningPaths(String table) {
    Set<String> paths = new HashSet<>();
    for (String line : table.split("\n")) {
      String[] fields = line.trim().split("\\s+", 8);
      if (fields.length < 8 || !fields[7].startsWith("/")) {
        continue;
      }
      try {
        if ((Long.parseLong(fields[3], 16) & ACCEPTING) != 0) {
          paths.add(fields[7]);
        }
      } catch (NumberFormatException e) {
        // the header line, or a line this parser does not know: not a listening socket
      }
    }
    return paths;
  }
}
