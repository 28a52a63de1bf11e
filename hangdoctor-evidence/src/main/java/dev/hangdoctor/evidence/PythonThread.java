package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One Python thread: its {@code threading.get_ident()} ({@code threadId}), its Linux thread id, its
 * name (from {@code threading}'s registry, else the kernel's {@code comm}), whether it held the GIL
 * when read, whether it is idle (blocked in a system call or waiting for the GIL, joined from the
 * kernel evidence), and its frames innermost first. {@code problem} is {@code null} unless this
 * thread's frames could not be read, in which case it says why. {@code daemon} is the {@code
 * threading.Thread}'s daemon flag, {@code null} when {@code threading} does not know the thread or
 * it could not be read: interpreter exit waits for every thread that is not a daemon.
 */
public record PythonThread(
    long threadId,
    int nativeThreadId,
    String name,
    NameSource nameSource,
    boolean holdsGil,
    boolean idle,
    List<PythonFrame> frames,
    boolean framesTruncated,
    String problem,
    Boolean daemon) {

  /** Where the thread's name came from. */
  public enum NameSource {
    THREADING,
    COMM,
    NONE
  }

  public PythonThread {
    frames = List.copyOf(frames);
  }

  /** A thread whose daemon flag is not known. */
  public PythonThread(
      long threadId,
      int nativeThreadId,
      String name,
      NameSource nameSource,
      boolean holdsGil,
      boolean idle,
      List<PythonFrame> frames,
      boolean framesTruncated,
      String problem) {
    this(
        threadId,
        nativeThreadId,
        name,
        nameSource,
        holdsGil,
        idle,
        frames,
        framesTruncated,
        problem,
        null);
  }

  /** True only when {@code threading} says this thread is a daemon. */
  public boolean knownDaemon() {
    return Boolean.TRUE.equals(daemon);
  }

  public PythonThread withName(String newName, NameSource source) {
    return new PythonThread(
        threadId,
        nativeThreadId,
        newName,
        source,
        holdsGil,
        idle,
        frames,
        framesTruncated,
        problem,
        daemon);
  }

  public PythonThread withIdle(boolean isIdle) {
    return new PythonThread(
        threadId,
        nativeThreadId,
        name,
        nameSource,
        holdsGil,
        isIdle,
        frames,
        framesTruncated,
        problem,
        daemon);
  }

  public PythonThread withDaemon(Boolean isDaemon) {
    return new PythonThread(
        threadId,
        nativeThreadId,
        name,
        nameSource,
        holdsGil,
        idle,
        frames,
        framesTruncated,
        problem,
        isDaemon);
  }
}
