package dev.hangdoctor.cpython;

import dev.hangdoctor.cpython.activity.ActivityReader;
import dev.hangdoctor.cpython.locate.InterpreterLocator;
import dev.hangdoctor.cpython.locate.LocateResult;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.tasks.TaskGraphReader;
import dev.hangdoctor.cpython.walker.CodeCache;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import dev.hangdoctor.linux.proc.StatParser;
import dev.hangdoctor.linux.proc.SyscallParser;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Python stacks of a live process, read from outside without pausing it: finds the interpreter
 * ({@link InterpreterLocator}) and walks every thread's frames and names ({@link
 * PythonStackWalker}). Reuse one instance to sample a process repeatedly: the ELF files are parsed
 * once, and the code objects each walk reads are kept for the next walks of the same process
 * ({@link CodeCache}), which makes a walk shorter and so less often torn by a busy thread.
 */
public final class PythonStackReader {
  private final ProcFs procFs;
  private final InterpreterLocator locator;
  private final PythonStackWalker walker = new PythonStackWalker();
  private final TaskGraphReader tasks;
  private final Map<String, CodeCache> codes = new ConcurrentHashMap<>();

  /** Processes whose code objects are kept at most; a reader watching more starts afresh. */
  static final int MAX_PROCESSES_KEPT = 32;

  public PythonStackReader(ProcFs procFs) {
    this.procFs = procFs;
    this.locator = new InterpreterLocator(procFs);
    this.tasks = new TaskGraphReader(procFs.root());
  }

  /**
   * Every thread's stack and what it is doing: the call each frame makes, the locks it holds and
   * what it waits for. Never throws for what it finds: every outcome is the {@link
   * PythonStacks#status()}.
   */
  public PythonStacks read(int pid) {
    return read(pid, true);
  }

  /** Every thread's stack only: cheaper, for repeated looks between samples. */
  public PythonStacks readFrames(int pid) {
    return read(pid, false);
  }

  /**
   * Frame-only reads of one process in quick succession: its memory is opened and its interpreter
   * located once, on the first read, so each further read is one walk. Close it when done.
   */
  public RepeatedReads repeatedReads(int pid) {
    return new RepeatedReads(pid);
  }

  /** See {@link #repeatedReads}. Not thread-safe. */
  public final class RepeatedReads implements AutoCloseable {
    private final int pid;
    private ProcMemory memory;
    private RuntimeLocation location;
    private CodeCache known;

    private RepeatedReads(int pid) {
      this.pid = pid;
    }

    /** The stacks now; like {@link #readFrames}, never throws for what it finds. */
    public PythonStacks read() {
      if (location == null) {
        try {
          memory = ProcMemory.open(procFs.root(), pid);
        } catch (MemoryReadException e) {
          return PythonStacks.unavailable(status(e.reason()), null, e.getMessage());
        }
        LocateResult located = locator.locate(pid, memory);
        if (located.location().isEmpty()) {
          return PythonStackReader.this.read(pid, memory, null, false);
        }
        location = located.location().get();
        known = codesOf(pid);
      }
      return walker.walk(memory, location, null, known);
    }

    @Override
    public void close() {
      if (memory != null) {
        memory.close();
      }
    }
  }

  private PythonStacks read(int pid, boolean activity) {
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      return activity
          ? read(pid, memory, tid -> syscall(pid, tid), true)
          : read(pid, memory, null, false);
    } catch (MemoryReadException e) {
      return PythonStacks.unavailable(status(e.reason()), null, e.getMessage());
    }
  }

  /**
   * The code objects read so far from process {@code pid}, keyed by its start time as well so that
   * a reused pid starts afresh; a fresh cache when the start time cannot be read.
   */
  private CodeCache codesOf(int pid) {
    String started;
    try {
      started =
          Long.toString(
              StatParser.parse(procFs.readText(procFs.pidDir(pid).resolve("stat")))
                  .startTimeTicks());
    } catch (ProcReadException | IllegalArgumentException e) {
      return new CodeCache();
    }
    if (codes.size() >= MAX_PROCESSES_KEPT) {
      codes.clear();
    }
    return codes.computeIfAbsent(pid + "@" + started, key -> new CodeCache());
  }

  private SyscallState syscall(int pid, int tid) {
    try {
      return SyscallParser.parse(procFs.readText(procFs.taskDir(pid, tid).resolve("syscall")));
    } catch (ProcReadException e) {
      return SyscallState.UNKNOWN;
    }
  }

  PythonStacks read(int pid, RemoteMemory memory) {
    return read(pid, memory, null, true);
  }

  PythonStacks read(int pid, RemoteMemory memory, ActivityReader.Syscalls syscalls) {
    return read(pid, memory, syscalls, true);
  }

  /**
   * The stacks, and the task graph when {@code withTasks} and a thread runs an asyncio loop or
   * {@code trio.run} (the repeated frames-only looks between samples skip it: it costs far more
   * than a walk).
   */
  private PythonStacks read(
      int pid, RemoteMemory memory, ActivityReader.Syscalls syscalls, boolean withTasks) {
    LocateResult located = locator.locate(pid, memory);
    if (located instanceof LocateResult.NotPython) {
      return PythonStacks.unavailable(
          Status.NOT_PYTHON, null, ((LocateResult.NotPython) located).detail());
    }
    if (located instanceof LocateResult.Unsupported) {
      LocateResult.Unsupported unsupported = (LocateResult.Unsupported) located;
      return PythonStacks.unavailable(
          Status.UNSUPPORTED_VERSION, unsupported.version(), unsupported.detail());
    }
    if (located instanceof LocateResult.Unreadable) {
      LocateResult.Unreadable unreadable = (LocateResult.Unreadable) located;
      Status status =
          unreadable.permissionDenied()
              ? Status.PERMISSION_DENIED
              : unreadable.targetExited() ? Status.TARGET_EXITED : Status.UNREADABLE;
      return PythonStacks.unavailable(status, null, unreadable.detail());
    }
    PythonStacks stacks =
        walker.walk(memory, located.location().orElseThrow(), syscalls, codesOf(pid));
    if (withTasks && stacks.status() == Status.READ && runsAsyncioLoop(stacks)) {
      return stacks.withAsyncio(tasks.read(pid, memory, located.location().orElseThrow()));
    }
    return stacks;
  }

  /** True when some thread is inside an asyncio event loop's {@code run_forever} or trio's run. */
  private static boolean runsAsyncioLoop(PythonStacks stacks) {
    for (PythonThread thread : stacks.threads()) {
      for (PythonFrame frame : thread.frames()) {
        if (frame.function().equals("run_forever") && frame.file().contains("asyncio")) {
          return true;
        }
        if (frame.function().equals("run") && frame.file().endsWith("trio/_core/_run.py")) {
          return true;
        }
      }
    }
    return false;
  }

  private static Status status(MemoryReadException.Reason reason) {
    switch (reason) {
      case PERMISSION_DENIED:
        return Status.PERMISSION_DENIED;
      case TARGET_EXITED:
        return Status.TARGET_EXITED;
      default:
        return Status.UNREADABLE;
    }
  }
}
