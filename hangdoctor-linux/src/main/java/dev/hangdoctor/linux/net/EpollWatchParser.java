package dev.hangdoctor.linux.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads what an epoll instance watches from its {@code /proc/PID/fdinfo/FD} text: one {@code tfd:}
 * line per registered descriptor, with its event mask and (since Linux 3.8) the inode of the file
 * behind it, e.g. {@code tfd: 3 events: 19 data: 3 pos:0 ino:34a190 sdev:9}. The inode ties a watch
 * to a socket whatever descriptor number the watching process uses.
 */
public final class EpollWatchParser {
  /**
   * The {@code EPOLLIN} bit: the watch wakes when the socket is readable (a listener: can accept).
   */
  public static final int EPOLLIN = 0x1;

  private EpollWatchParser() {}

  /** One registered descriptor: its number, event mask and inode ({@code -1} when not shown). */
  public record EpollWatch(int fd, int events, long inode) {
    /** True when the watch wakes on readable (for a listening socket: a connection to accept). */
    public boolean readable() {
      return (events & EPOLLIN) != 0;
    }
  }

  /** Every {@code tfd:} line of an epoll fdinfo; other lines and malformed ones are skipped. */
  public static List<EpollWatch> parse(String fdinfo) {
    List<EpollWatch> watches = new ArrayList<>();
    for (String line : fdinfo.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("tfd:")) {
        continue;
      }
      String[] words = trimmed.split("\\s+");
      Integer fd = null;
      Integer events = null;
      long inode = -1;
      for (int i = 0; i < words.length; i++) {
        String word = words[i];
        try {
          if (word.equals("tfd:") && i + 1 < words.length) {
            fd = Integer.parseInt(words[i + 1]);
          } else if (word.equals("events:") && i + 1 < words.length) {
            events = (int) Long.parseLong(words[i + 1], 16);
          } else if (word.startsWith("ino:")) {
            inode = Long.parseLong(word.substring(4), 16);
          }
        } catch (NumberFormatException e) {
          fd = null;
          break;
        }
      }
      if (fd != null && events != null) {
        watches.add(new EpollWatch(fd, events, inode));
      }
    }
    return watches;
  }
}
