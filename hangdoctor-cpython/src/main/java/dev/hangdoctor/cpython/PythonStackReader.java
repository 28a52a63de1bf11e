package dev.hangdoctor.cpython;

import dev.hangdoctor.cpython.locate.InterpreterLocator;
import dev.hangdoctor.cpython.locate.LocateResult;
import dev.hangdoctor.cpython.tasks.TaskGraphReader;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;

/**
 * The Python stacks of a live process, read from outside without pausing it: finds the interpreter
 * ({@link InterpreterLocator}) and walks every thread's frames and names ({@link
 * PythonStackWalker}). Reuse one instance to sample a process repeatedly: the ELF files are parsed
 * once.
 */
public final class PythonStackReader {
  private final ProcFs procFs;
  private final InterpreterLocator locator;
  private final PythonStackWalker walker = new PythonStackWalker();
  private final TaskGraphReader tasks;

  public PythonStackReader(ProcFs procFs) {
    this.procFs = procFs;
    this.locator = new InterpreterLocator(procFs);
    this.tasks = new TaskGraphReader(procFs.root());
  }

  /** Never throws for what it finds: every outcome is the {@link PythonStacks#status()}. */
  public PythonStacks read(int pid) {
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      return read(pid, memory);
    } catch (MemoryReadException e) {
      return PythonStacks.unavailable(status(e.reason()), null, e.getMessage());
    }
  }

  PythonStacks read(int pid, RemoteMemory memory) {
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
    PythonStacks stacks = walker.walk(memory, located.location().orElseThrow());
    if (stacks.status() == Status.READ && runsAsyncioLoop(stacks)) {
      return stacks.withAsyncio(tasks.read(pid, memory, located.location().orElseThrow()));
    }
    return stacks;
  }

  /** True when some thread is inside an asyncio event loop's {@code run_forever}. */
  private static boolean runsAsyncioLoop(PythonStacks stacks) {
    for (PythonThread thread : stacks.threads()) {
      for (PythonFrame frame : thread.frames()) {
        if (frame.function().equals("run_forever") && frame.file().contains("asyncio")) {
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
