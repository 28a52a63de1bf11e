package dev.hangdoctor.linux.net;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds which listening sockets a process waits on through epoll: every descriptor of the process
 * that is an epoll instance ({@code anon_inode:[eventpoll]}) has its fdinfo read and parsed by
 * {@link EpollWatchParser}; a watch with {@code EPOLLIN} on one of the sockets' inodes means the
 * process is woken to accept connections on it. A process that holds a listener and watches it
 * nowhere (nor sits in {@code accept()} on it) never takes a connection from it.
 */
public final class ListenerUseReader {
  private static final String EPOLL_LINK = "anon_inode:[eventpoll]";
  private final ProcFs procFs;

  public ListenerUseReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** The sockets among {@code listenerInodes} that {@code pid} watches for readability. */
  public ListenerUse read(int pid, Set<Long> listenerInodes) {
    Path fdDir = procFs.pidDir(pid).resolve("fd");
    Path fdinfoDir = procFs.pidDir(pid).resolve("fdinfo");
    int[] fds;
    try {
      fds = procFs.listNumbers(fdDir);
    } catch (ProcReadException e) {
      return ListenerUse.unreadable(pid);
    }
    Set<Long> watched = new HashSet<>();
    for (int fd : fds) {
      try {
        if (!EPOLL_LINK.equals(procFs.readLink(fdDir.resolve(Integer.toString(fd))))) {
          continue;
        }
        String info = procFs.readText(fdinfoDir.resolve(Integer.toString(fd)));
        for (EpollWatchParser.EpollWatch watch : EpollWatchParser.parse(info)) {
          if (watch.readable() && listenerInodes.contains(watch.inode())) {
            watched.add(watch.inode());
          }
        }
      } catch (ProcReadException e) {
        if (!e.targetExited()) {
          return ListenerUse.unreadable(pid);
        }
        // the descriptor was closed since the listing: it watches nothing now
      }
    }
    return new ListenerUse(pid, watched, true);
  }
}
