package dev.hangdoctor.evidence;

/** What an open file descriptor refers to, from the target of its {@code /proc/PID/fd} link. */
public enum FdKind {
  SOCKET,
  PIPE,
  FILE,
  ANON_INODE,
  OTHER
}
