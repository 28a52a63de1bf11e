package dev.hangdoctor.cpython.names;

/**
 * A thread as {@code threading} registered it: its name, whether it is a daemon ({@code null} when
 * the flag could not be read) and the class of its {@code Thread} object ({@code Thread}, or a
 * subclass's name; {@code null} when not read).
 */
public record RegisteredThread(String name, Boolean daemon, String type) {
  /** A thread whose class was not read. */
  public RegisteredThread(String name, Boolean daemon) {
    this(name, daemon, null);
  }
}
