package dev.hangdoctor.probe;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.net.Listener;
import dev.hangdoctor.linux.net.ListenerFinder;
import dev.hangdoctor.linux.net.ListenerSearch;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local process that serves an address: the one listening on its TCP port, found through the
 * socket inodes in {@code /proc} like {@code ss -tlnp}. When several processes share the listening
 * socket (a pre-forking server), the lowest pid, normally the parent, is taken; diagnosing it
 * covers its children.
 */
public final class ServerFinder {
  private final ListenerFinder listeners;

  public ServerFinder(ProcFs procFs) {
    this.listeners = new ListenerFinder(procFs);
  }

  /** The pid, or why there is none. */
  public Found find(InetSocketAddress address) {
    if (!LocalAddresses.isLocal(address.getAddress())) {
      return new Found(
          -1,
          address.getAddress().getHostAddress()
              + " is not an address of this host; give --pid to diagnose the server");
    }
    int port = address.getPort();
    ListenerSearch search;
    try {
      search = listeners.findListeners(port);
    } catch (UncheckedIOException e) {
      return new Found(
          -1, "cannot read the socket tables for port " + port + ": " + e.getCause().getMessage());
    }
    List<Integer> pids =
        search.listeners().stream().map(Listener::pid).distinct().collect(Collectors.toList());
    if (pids.isEmpty()) {
      return new Found(
          -1,
          "no process found listening on port "
              + port
              + (search.unreadableProcesses() > 0
                  ? " among those readable (" + search.unreadableProcesses() + " are not; try root)"
                  : ""));
    }
    return new Found(pids.get(0), null);
  }

  /** A pid (or -1), and when there is none, why. */
  public record Found(int pid, String whyNone) {
    public boolean found() {
      return pid > 0;
    }
  }
}
