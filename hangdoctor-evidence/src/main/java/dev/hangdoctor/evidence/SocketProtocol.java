package dev.hangdoctor.evidence;

/** The socket tables hangdoctor reads, one per file under {@code /proc/PID/net/}. */
public enum SocketProtocol {
  TCP,
  TCP6,
  UDP,
  UDP6,
  UNIX;

  public boolean isTcp() {
    return this == TCP || this == TCP6;
  }
}
