package dev.hangdoctor.linux.net;

import java.util.Set;

/**
 * Which of a port's listening sockets one process waits on through epoll (a watch with {@code
 * EPOLLIN}: it is woken to accept), from its epoll instances' fdinfo. {@code readable} is false
 * when its descriptors or fdinfo could not be read, so an empty {@code watched} can be told apart
 * from a blind one.
 */
public record ListenerUse(int pid, Set<Long> watched, boolean readable) {
  public ListenerUse {
    watched = Set.copyOf(watched);
  }

  /** A process whose epoll watches none of the sockets, as far as could be seen. */
  public static ListenerUse unreadable(int pid) {
    return new ListenerUse(pid, Set.of(), false);
  }
}
