package dev.hangdoctor.evidence;

/**
 * One open file descriptor and what it points at ({@code socket:[123]}, a path, …). {@code access}
 * says which end of a pipe or FIFO it is; it is {@link Access#UNKNOWN} for other kinds (only pipes
 * and FIFOs are asked), and {@code null} in evidence recorded before the field existed.
 */
public record FdEntry(int fd, FdKind kind, String target, Access access) {

  /** How a descriptor was opened, from the access mode in {@code /proc/PID/fdinfo/FD}. */
  public enum Access {
    READ,
    WRITE,
    READ_WRITE,
    UNKNOWN
  }

  /** A descriptor whose access mode was not read. */
  public FdEntry(int fd, FdKind kind, String target) {
    this(fd, kind, target, Access.UNKNOWN);
  }

  /** True when this descriptor can write (a pipe's write end). */
  public boolean writes() {
    return access == Access.WRITE || access == Access.READ_WRITE;
  }

  /** True when this descriptor can read (a pipe's read end). */
  public boolean reads() {
    return access == Access.READ || access == Access.READ_WRITE;
  }
}
