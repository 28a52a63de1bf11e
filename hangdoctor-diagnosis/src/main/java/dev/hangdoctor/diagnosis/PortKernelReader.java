package dev.hangdoctor.diagnosis;

import dev.hangdoctor.diagnosis.report.PortKernelView;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.net.Listener;
import dev.hangdoctor.linux.net.ListenerFinder;
import dev.hangdoctor.linux.net.ListenerUse;
import dev.hangdoctor.linux.net.ListenerUseReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the kernel shows of a port around a diagnosis window: each listening socket's accept
 * queue before the window ({@link #start}) and after it ({@link #finish}), with which processes
 * holding the sockets wait on them through epoll, and {@code net.core.somaxconn}.
 */
public final class PortKernelReader {
  private final ProcFs procFs;

  public PortKernelReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** The accept queues at the start of the window, by socket inode (empty when unreadable). */
  public Map<Long, Long> start(int port) {
    return queues(port).queues();
  }

  /** The whole view, read after the window, with {@code atStart} from {@link #start}. */
  public PortKernelView finish(int port, Map<Long, Long> atStart) {
    Queues end = queues(port);
    Map<Integer, ListenerUse> uses = new HashMap<>();
    ListenerUseReader reader = new ListenerUseReader(procFs);
    end.holders().forEach((pid, inodes) -> uses.put(pid, reader.read(pid, Set.copyOf(inodes))));
    return new PortKernelView(port, atStart, end.queues(), uses, somaxconn());
  }

  private record Queues(Map<Long, Long> queues, Map<Integer, Set<Long>> holders) {}

  private Queues queues(int port) {
    Map<Long, Long> queues = new HashMap<>();
    Map<Integer, Set<Long>> holders = new HashMap<>();
    try {
      for (Listener listener : new ListenerFinder(procFs).findListeners(port).listeners()) {
        Long queue = listener.socket().receiveQueue();
        if (queue != null) {
          queues.put(listener.socket().inode(), queue);
        }
        holders
            .computeIfAbsent(listener.pid(), k -> new HashSet<>())
            .add(listener.socket().inode());
      }
    } catch (UncheckedIOException e) {
      // the socket tables could not be read: the report says nothing of the queues
    }
    return new Queues(queues, holders);
  }

  private int somaxconn() {
    try {
      return Integer.parseInt(
          procFs
              .readText(
                  procFs.root().resolve("sys").resolve("net").resolve("core").resolve("somaxconn"))
              .strip());
    } catch (ProcReadException | NumberFormatException e) {
      return 0;
    }
  }
}
