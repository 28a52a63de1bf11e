package dev.hangdoctor.linux.net;

import dev.hangdoctor.evidence.SocketEntry;

/** A process that holds a listening socket, and the fd it holds it on. */
public record Listener(int pid, int fd, SocketEntry socket) {}
