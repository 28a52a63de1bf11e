package dev.hangdoctor.linux.net;

import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the kernel's socket tables ({@code /proc/PID/net/tcp}, {@code tcp6}, {@code udp}, {@code
 * udp6}, {@code unix}) into {@link SocketEntry} records keyed by socket inode, so they can be
 * joined with a process's {@code socket:[inode]} file descriptors. Entries carry {@code fd = -1}.
 *
 * <p>The tables are parsed on every sample and can hold tens of thousands of lines, so parsing
 * walks the text by index instead of splitting it. Lines that do not have the kernel's shape are
 * skipped; nothing here throws on bad input.
 */
public final class SocketTableParser {

  /** Indexed by the kernel's {@code tcp_states.h} number; UDP uses the same numbers. */
  private static final SocketState[] INET_STATES = {
    SocketState.UNKNOWN,
    SocketState.ESTABLISHED,
    SocketState.SYN_SENT,
    SocketState.SYN_RECV,
    SocketState.FIN_WAIT1,
    SocketState.FIN_WAIT2,
    SocketState.TIME_WAIT,
    SocketState.CLOSE,
    SocketState.CLOSE_WAIT,
    SocketState.LAST_ACK,
    SocketState.LISTEN,
    SocketState.CLOSING,
    SocketState.NEW_SYN_RECV,
  };

  /** Indexed by the kernel's {@code socket_state} number ({@code SS_UNCONNECTED} is 1). */
  private static final SocketState[] UNIX_STATES = {
    SocketState.UNKNOWN,
    SocketState.UNCONNECTED,
    SocketState.CONNECTING,
    SocketState.CONNECTED,
    SocketState.DISCONNECTING,
  };

  /** {@code __SO_ACCEPTCON}: the kernel's mark of a listening Unix socket. */
  private static final long UNIX_ACCEPTING = 0x10000L;

  private SocketTableParser() {}

  /**
   * The sockets in a {@code tcp}, {@code tcp6}, {@code udp} or {@code udp6} table. Sockets without
   * an owner (inode 0, such as TIME_WAIT) are left out.
   */
  public static Map<Long, SocketEntry> parseInet(String text, SocketProtocol protocol) {
    if (protocol == SocketProtocol.UNIX) {
      throw new IllegalArgumentException("Unix sockets have their own table: use parseUnix");
    }
    Map<Long, SocketEntry> sockets = new HashMap<>();
    Cursor line = new Cursor(text);
    int length = text.length();
    int start = 0;
    while (start < length) {
      int end = lineEnd(text, start);
      SocketEntry entry = parseInetLine(line.reset(start, end), protocol);
      if (entry != null) {
        sockets.put(entry.inode(), entry);
      }
      start = end + 1;
    }
    return sockets;
  }

  /**
   * The sockets in a {@code unix} table. Listening sockets are {@link SocketState#LISTEN}; unnamed
   * sockets have an empty path, abstract ones a path starting with {@code @}.
   */
  public static Map<Long, SocketEntry> parseUnix(String text) {
    Map<Long, SocketEntry> sockets = new HashMap<>();
    Cursor line = new Cursor(text);
    int length = text.length();
    int start = 0;
    while (start < length) {
      int end = lineEnd(text, start);
      SocketEntry entry = parseUnixLine(line.reset(start, end));
      if (entry != null) {
        sockets.put(entry.inode(), entry);
      }
      start = end + 1;
    }
    return sockets;
  }

  private static int lineEnd(String text, int start) {
    int end = text.indexOf('\n', start);
    return end < 0 ? text.length() : end;
  }

  // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
  private static SocketEntry parseInetLine(Cursor line, SocketProtocol protocol) {
    if (!line.nextToken() || !line.tokenEndsWith(':')) {
      return null;
    }
    if (!line.nextToken()) {
      return null;
    }
    Endpoint local = endpoint(line);
    if (local == null || !line.nextToken()) {
      return null;
    }
    Endpoint remote = endpoint(line);
    if (remote == null || !line.nextToken()) {
      return null;
    }
    long state = line.hex(line.tokenStart, line.tokenEnd);
    if (state < 0 || !line.nextToken()) {
      return null;
    }
    int colon = line.indexOfInToken(':');
    if (colon < 0) {
      return null;
    }
    long sendQueue = line.hex(line.tokenStart, colon);
    long receiveQueue = line.hex(colon + 1, line.tokenEnd);
    if (sendQueue < 0 || receiveQueue < 0) {
      return null;
    }
    // tr:tm->when, retrnsmt, uid, timeout
    for (int i = 0; i < 4; i++) {
      if (!line.nextToken()) {
        return null;
      }
    }
    if (!line.nextToken()) {
      return null;
    }
    long inode = line.decimal(line.tokenStart, line.tokenEnd);
    // The kernel always prints more fields after the inode; their absence means a cut-off line.
    if (inode <= 0 || !line.nextToken()) {
      return null;
    }
    return new SocketEntry(
        -1,
        inode,
        protocol,
        state < INET_STATES.length ? INET_STATES[(int) state] : SocketState.UNKNOWN,
        local,
        remote,
        receiveQueue,
        sendQueue,
        null,
        null);
  }

  // Num: RefCount Protocol Flags Type St Inode [Path]
  private static SocketEntry parseUnixLine(Cursor line) {
    if (!line.nextToken() || !line.tokenEndsWith(':')) {
      return null;
    }
    if (!line.nextToken() || line.hex(line.tokenStart, line.tokenEnd) < 0) {
      return null;
    }
    if (!line.nextToken() || line.hex(line.tokenStart, line.tokenEnd) < 0) {
      return null;
    }
    if (!line.nextToken()) {
      return null;
    }
    long flags = line.hex(line.tokenStart, line.tokenEnd);
    if (flags < 0 || !line.nextToken()) {
      return null;
    }
    long type = line.hex(line.tokenStart, line.tokenEnd);
    if (type < 0 || !line.nextToken()) {
      return null;
    }
    long st = line.hex(line.tokenStart, line.tokenEnd);
    if (st < 0 || !line.nextToken()) {
      return null;
    }
    long inode = line.decimal(line.tokenStart, line.tokenEnd);
    if (inode <= 0) {
      return null;
    }
    SocketState state;
    if ((flags & UNIX_ACCEPTING) != 0) {
      state = SocketState.LISTEN;
    } else {
      state = st < UNIX_STATES.length ? UNIX_STATES[(int) st] : SocketState.UNKNOWN;
    }
    return new SocketEntry(
        -1,
        inode,
        SocketProtocol.UNIX,
        state,
        null,
        null,
        null,
        null,
        line.restAfterToken(),
        unixType(type));
  }

  private static String unixType(long type) {
    if (type == 1) {
      return "STREAM";
    }
    if (type == 2) {
      return "DGRAM";
    }
    if (type == 5) {
      return "SEQPACKET";
    }
    return "UNKNOWN";
  }

  /** {@code ADDR:PORT} with the address as 1 or 4 little-endian words, the port big-endian. */
  private static Endpoint endpoint(Cursor line) {
    int colon = line.indexOfInToken(':');
    if (colon < 0) {
      return null;
    }
    long port = line.hex(colon + 1, line.tokenEnd);
    if (port < 0 || port > 0xFFFF) {
      return null;
    }
    int start = line.tokenStart;
    String address;
    if (colon - start == 8) {
      long word = line.hex(start, colon);
      if (word < 0) {
        return null;
      }
      address = ipv4(word);
    } else if (colon - start == 32) {
      int[] groups = new int[8];
      for (int w = 0; w < 4; w++) {
        long word = line.hex(start + 8 * w, start + 8 * w + 8);
        if (word < 0) {
          return null;
        }
        // The word's bytes in memory order are its low byte first.
        groups[2 * w] = (int) ((word & 0xFF) << 8 | (word >>> 8) & 0xFF);
        groups[2 * w + 1] = (int) (((word >>> 16) & 0xFF) << 8 | (word >>> 24) & 0xFF);
      }
      address = ipv6(groups);
    } else {
      return null;
    }
    return new Endpoint(address, (int) port);
  }

  private static String ipv4(long word) {
    return (word & 0xFF)
        + "."
        + ((word >>> 8) & 0xFF)
        + "."
        + ((word >>> 16) & 0xFF)
        + "."
        + ((word >>> 24) & 0xFF);
  }

  /** RFC 5952 text: lower case, longest run of two or more zero groups as {@code ::}. */
  static String ipv6(int[] groups) {
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xFFFF) {
      return "::ffff:"
          + (groups[6] >>> 8)
          + "."
          + (groups[6] & 0xFF)
          + "."
          + (groups[7] >>> 8)
          + "."
          + (groups[7] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** Walks the whitespace-separated tokens of one line of a table. */
  private static final class Cursor {
    private final String text;
    private int position;
    private int lineEnd;
    int tokenStart;
    int tokenEnd;

    Cursor(String text) {
      this.text = text;
    }

    Cursor reset(int start, int end) {
      position = start;
      lineEnd = end;
      tokenStart = start;
      tokenEnd = start;
      return this;
    }

    boolean nextToken() {
      int i = position;
      while (i < lineEnd && isBlank(text.charAt(i))) {
        i++;
      }
      if (i == lineEnd) {
        return false;
      }
      tokenStart = i;
      while (i < lineEnd && !isBlank(text.charAt(i))) {
        i++;
      }
      tokenEnd = i;
      position = i;
      return true;
    }

    boolean tokenEndsWith(char c) {
      return text.charAt(tokenEnd - 1) == c;
    }

    int indexOfInToken(char c) {
      for (int i = tokenStart; i < tokenEnd; i++) {
        if (text.charAt(i) == c) {
          return i;
        }
      }
      return -1;
    }

    /**
     * What follows the single space after the current token, up to the end of the line; empty when
     * nothing but white space follows.
     */
    String restAfterToken() {
      int start = tokenEnd + 1;
      int end = lineEnd;
      if (end > tokenEnd && text.charAt(end - 1) == '\r') {
        end--;
      }
      for (int i = start; i < end; i++) {
        if (!isBlank(text.charAt(i))) {
          return text.substring(start, end);
        }
      }
      return "";
    }

    /** The unsigned hex number in {@code [from, to)}, or -1 if it is not one (or too long). */
    long hex(int from, int to) {
      if (from >= to || to - from > 15) {
        return -1;
      }
      long value = 0;
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        int digit;
        if (c >= '0' && c <= '9') {
          digit = c - '0';
        } else if (c >= 'A' && c <= 'F') {
          digit = c - 'A' + 10;
        } else if (c >= 'a' && c <= 'f') {
          digit = c - 'a' + 10;
        } else {
          return -1;
        }
        value = value << 4 | digit;
      }
      return value;
    }

    /** The unsigned decimal number in {@code [from, to)}, or -1 if it is not one (or too long). */
    long decimal(int from, int to) {
      if (from >= to || to - from > 18) {
        return -1;
      }
      long value = 0;
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t' || c == '\r';
    }
  }
}
