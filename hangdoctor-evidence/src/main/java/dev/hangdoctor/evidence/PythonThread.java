package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One Python thread: its {@code threading.get_ident()} ({@code threadId}), its Linux thread id, its
 * name (from {@code threading}'s registry, else the kernel's {@code comm}), whether it held the GIL
 * when read, whether it is idle (blocked in a system call or waiting for the GIL, joined from the
 * kernel evidence), and its frames innermost first. {@code problem} is {@code null} unless this
 * thread's frames could not be read, in which case it says why. {@code daemon} is the {@code
 * threading.Thread}'s daemon flag, {@code null} when {@code threading} does not know the thread or
 * it could not be read: interpreter exit waits for every thread that is not a daemon. {@code call}
 * is what the innermost frame calls (a call into C leaves no frame), {@code holds} the locks the
 * thread holds and {@code waitsFor} what it waits for, as far as the interpreter's memory shows
 * them ({@code null}, empty and {@code null} when not read). {@code job} is the job a worker thread
 * runs for an awaiting async task ({@code asyncio.to_thread}, {@code anyio}/{@code
 * trio.to_thread.run_sync}) and whether that task has given up on it; {@code null} otherwise.
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
    Boolean daemon,
    PythonCall call,
    List<PythonLockHold> holds,
    PythonWait waitsFor,
    WorkerJob job) {

  /**
   * Where the thread's name came from: {@code threading}'s registry; the process's main thread,
   * which {@code threading} calls {@code MainThread} but had not registered (not imported yet, or
   * keyed by something else, as gevent's patched module does); the kernel's {@code comm}.
   */
  public enum NameSource {
    THREADING,
    MAIN_THREAD,
    COMM,
    NONE
  }

  public PythonThread {
    frames = List.copyOf(frames);
    holds = holds == null ? List.of() : List.copyOf(holds);
  }

  /** A thread that runs no known worker job (or whose job was not read). */
  public PythonThread(
      long threadId,
      int nativeThreadId,
      String name,
      NameSource nameSource,
      boolean holdsGil,
      boolean idle,
      List<PythonFrame> frames,
      boolean framesTruncated,
      String problem,
      Boolean daemon,
      PythonCall call,
      List<PythonLockHold> holds,
      PythonWait waitsFor) {
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
        daemon,
        call,
        holds,
        waitsFor,
        null);
  }

  /** A thread whose current call, locks and wait were not read. */
  public PythonThread(
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
        daemon,
        null,
        List.of(),
        null);
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
        daemon,
        call,
        holds,
        waitsFor,
        job);
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
        daemon,
        call,
        holds,
        waitsFor,
        job);
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
        isDaemon,
        call,
        holds,
        waitsFor,
        job);
  }

  /** This thread with what its innermost frame calls, the locks it holds and what it waits for. */
  public PythonThread withActivity(
      PythonCall newCall, List<PythonLockHold> newHolds, PythonWait wait) {
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
        daemon,
        newCall,
        newHolds,
        wait,
        job);
  }

  /** This thread with its frames replaced (the same frames, with their calls filled in). */
  public PythonThread withFrames(List<PythonFrame> newFrames) {
    return new PythonThread(
        threadId,
        nativeThreadId,
        name,
        nameSource,
        holdsGil,
        idle,
        newFrames,
        framesTruncated,
        problem,
        daemon,
        call,
        holds,
        waitsFor,
        job);
  }

  /** This thread with the job it runs for an awaiting async task. */
  public PythonThread withJob(WorkerJob newJob) {
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
        daemon,
        call,
        holds,
        waitsFor,
        newJob);
  }
}
