package dev.hangdoctor.linux.net;

import java.util.List;

/**
 * Who listens on a port, sorted by pid then fd. {@code unreadableProcesses} counts the processes
 * whose file descriptors could not be read, so an empty answer can be told apart from a blind one.
 */
public record ListenerSearch(List<Listener> listeners, int unreadableProcesses) {
  public ListenerSearch {
    listeners = List.copyOf(listeners);
  }
}
