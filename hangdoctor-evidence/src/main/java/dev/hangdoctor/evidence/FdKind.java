package dev.hangdoctor.evidence;

/** What an open file descriptor refers to, from the target of its {@code /proc/PID/fd} link. */
public enum FdKind {
  SOCKET,
  PIPE,
  /** A named pipe: its target is the FIFO's path. */
  FIFO,
  FILE,
  ANON_INODE,
  OTHER
}
