package dev.hangdoctor.cpython;

import dev.hangdoctor.cpython.locate.InterpreterLocator;
import dev.hangdoctor.cpython.locate.LocateResult;
import dev.hangdoctor.cpython.tasks.TaskGraphReader;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;

/**
 * The asyncio task graph of a live CPython 3.11-3.14 process, read from outside without pausing it
 * ({@link TaskGraphReader}). Reuse one instance to read a process repeatedly: the ELF files are
 * parsed once.
 */
public final class AsyncTaskReader {
  private final ProcFs procFs;
  private final InterpreterLocator locator;
  private final TaskGraphReader graph;

  public AsyncTaskReader(ProcFs procFs) {
    this.procFs = procFs;
    this.locator = new InterpreterLocator(procFs);
    this.graph = new TaskGraphReader(procFs.root());
  }

  /** Never throws for what it finds: every outcome is the {@link AsyncTasks#status()}. */
  public AsyncTasks read(int pid) {
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      return read(pid, memory);
    } catch (MemoryReadException e) {
      return AsyncTasks.unavailable(AsyncTasks.Status.UNREADABLE, e.getMessage());
    }
  }

  AsyncTasks read(int pid, RemoteMemory memory) {
    LocateResult located = locator.locate(pid, memory);
    if (located.location().isEmpty()) {
      return AsyncTasks.unavailable(
          located instanceof LocateResult.Unsupported
              ? AsyncTasks.Status.UNSUPPORTED
              : AsyncTasks.Status.UNREADABLE,
          "no supported CPython interpreter found: " + located);
    }
    return graph.read(pid, memory, located.location().get());
  }
}
