package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the thread states of all interpreters and reads who holds the GIL: on 3.11 {@code
 * gilstate.tstate_current} in {@code _PyRuntime}; from 3.12 the GIL each interpreter's {@code
 * ceval.gil} points at, whose {@code last_holder} counts only while {@code locked == 1}.
 */
final class ThreadLister {
  static final int MAX_THREADS = 4096;
  static final int MAX_INTERPRETERS = 256;

  private final RemoteMemory memory;
  private final Layout layout;
  private final long runtime;

  ThreadLister(RemoteMemory memory, Layout layout, long runtime) {
    this.memory = memory;
    this.layout = layout;
    this.runtime = runtime;
  }

  /** True when the layout has per-thread flags to cross-check the GIL holder with. */
  boolean hasGilFlags() {
    Layout.ThreadState thread = layout.thread();
    return thread.gilStatusBit() != 0 || thread.holdsGil() != Layout.ABSENT;
  }

  /**
   * @throws MemoryReadException when access is denied or the target exited
   */
  ThreadListing list() throws MemoryReadException {
    List<ThreadEntry> threads = new ArrayList<>();
    Set<Long> holders = new HashSet<>();
    long[] lastInterpreter = {0};
    try {
      listInto(threads, holders, lastInterpreter);
      return new ThreadListing(threads, holders, null, lastInterpreter[0]);
    } catch (WalkFault e) {
      return new ThreadListing(threads, holders, e.getMessage(), 0);
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return new ThreadListing(threads, holders, e.getMessage(), 0);
    }
  }

  private void listInto(List<ThreadEntry> threads, Set<Long> holders, long[] lastInterpreter)
      throws MemoryReadException, WalkFault {
    if (layout.runtime().gilTstateCurrent() != Layout.ABSENT) {
      addHolder(holders, memory.readLong(runtime + layout.runtime().gilTstateCurrent()));
    }
    Layout.InterpreterState fields = layout.interpreter();
    Set<Long> seenInterpreters = new HashSet<>();
    Set<Long> seenThreads = new HashSet<>();
    long interp = memory.readLong(runtime + layout.runtime().interpretersHead());
    while (interp != 0) {
      if (!seenInterpreters.add(interp) || seenInterpreters.size() > MAX_INTERPRETERS) {
        throw new WalkFault(String.format("interpreter list loops or runs on at 0x%x", interp));
      }
      Pointers.require(interp, "interpreter");
      lastInterpreter[0] = interp;
      if (fields.cevalGil() != Layout.ABSENT) {
        readGilHolder(memory.readLong(interp + fields.cevalGil()), holders);
      }
      long tstate = memory.readLong(interp + fields.threadsHead());
      while (tstate != 0) {
        if (threads.size() >= MAX_THREADS) {
          throw new WalkFault("more than " + MAX_THREADS + " threads");
        }
        if (!seenThreads.add(tstate)) {
          throw new WalkFault(String.format("thread list loops back to 0x%x", tstate));
        }
        tstate = readThread(tstate, threads);
      }
      interp = memory.readLong(interp + fields.next());
    }
  }

  private void readGilHolder(long gil, Set<Long> holders) throws MemoryReadException, WalkFault {
    Pointers.require(gil, "ceval.gil");
    Layout.Gil fields = layout.gil();
    if (memory.readInt(gil + fields.locked()) == 1) {
      addHolder(holders, memory.readLong(gil + fields.lastHolder()));
    }
  }

  private static void addHolder(Set<Long> holders, long tstate) {
    if (tstate != 0) {
      holders.add(tstate);
    }
  }

  /** Reads one thread state into {@code threads}; returns the next one's address. */
  private long readThread(long tstate, List<ThreadEntry> threads)
      throws MemoryReadException, WalkFault {
    Layout.ThreadState fields = layout.thread();
    Block block = Block.read(memory, tstate, fields.span(), "thread state");
    threads.add(
        new ThreadEntry(
            tstate,
            block.pointer(fields.threadId()),
            (int) block.pointer(fields.nativeThreadId()),
            topFrame(block),
            gilFlag(block)));
    return block.pointer(fields.next());
  }

  /** Re-reads the top frame of the thread state at {@code tstate}. */
  long topFrameOf(long tstate) throws MemoryReadException, WalkFault {
    return topFrame(Block.read(memory, tstate, layout.thread().span(), "thread state"));
  }

  private long topFrame(Block tstate) throws MemoryReadException, WalkFault {
    Layout.ThreadState fields = layout.thread();
    if (fields.currentFrame() != Layout.ABSENT) {
      return tstate.pointer(fields.currentFrame());
    }
    long cframe = tstate.pointer(fields.cframe());
    if (cframe == 0) {
      return 0;
    }
    Pointers.require(cframe, "cframe");
    return memory.readLong(cframe + fields.cframeCurrentFrame());
  }

  private boolean gilFlag(Block tstate) {
    Layout.ThreadState fields = layout.thread();
    if (fields.holdsGil() != Layout.ABSENT) {
      return tstate.int32(fields.holdsGil()) == 1;
    }
    if (fields.gilStatusBit() != 0) {
      return (tstate.int32(fields.status()) & fields.gilStatusBit()) != 0;
    }
    return false;
  }
}
