package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.ExecutionLayout;
import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks every thread of every interpreter of one process with one layout. A thread whose walk hits
 * a torn or garbage read is retried up to {@link #ATTEMPTS} times, then reported with its problem
 * while the other threads are returned. Not thread-safe; one instance per walk.
 */
public final class ThreadWalker {
  /** How often the thread list and each thread's frames are read before giving up. */
  public static final int ATTEMPTS = 3;

  private final ThreadLister lister;
  private final FrameWalker frames;

  public ThreadWalker(RemoteMemory memory, Layout layout, RuntimeLocation location) {
    this(memory, layout, location, new CodeCache());
  }

  /**
   * A walker that takes the code objects read by earlier walks of the process from {@code known}.
   */
  public ThreadWalker(
      RemoteMemory memory, Layout layout, RuntimeLocation location, CodeCache known) {
    Types types = new Types(memory, layout.objects(), location.symbols());
    StringReader strings = new StringReader(memory, layout.objects(), types);
    CodeReader codes = new CodeReader(memory, layout, types, strings, known);
    this.lister = new ThreadLister(memory, layout, location.runtimeAddress());
    this.frames =
        new FrameWalker(memory, layout.frame(), codes, ExecutionLayout.forMinor(layout.minor()));
  }

  /**
   * @throws MemoryReadException when access is denied or the target exited
   */
  public WalkResult walk() throws MemoryReadException {
    ThreadListing listing = listThreads();
    List<WalkedThread> threads = new ArrayList<>();
    for (ThreadEntry entry : listing.threads()) {
      threads.add(walkThread(entry, listing.gilHolders()));
    }
    return new WalkResult(threads, listing.problem(), listing.mainInterpreter());
  }

  private ThreadListing listThreads() throws MemoryReadException {
    ThreadListing listing = lister.list();
    for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
      if (listing.problem() == null && listing.gilAgrees(lister.hasGilFlags())) {
        break;
      }
      listing = lister.list();
    }
    return listing;
  }

  private WalkedThread walkThread(ThreadEntry entry, Set<Long> gilHolders)
      throws MemoryReadException {
    FrameChain chain = frames.walk(entry.topFrame());
    for (int attempt = 1; attempt < ATTEMPTS && chain.problem() != null; attempt++) {
      chain = rewalk(entry.address());
    }
    String problem =
        chain.problem() == null ? null : chain.problem() + " (" + ATTEMPTS + " attempts)";
    PythonThread thread =
        new PythonThread(
            entry.threadId(),
            entry.nativeThreadId(),
            null,
            PythonThread.NameSource.NONE,
            gilHolders.contains(entry.address()),
            false,
            chain.frames(),
            chain.truncated(),
            problem);
    return new WalkedThread(thread, entry.address(), chain.refs());
  }

  private FrameChain rewalk(long tstate) throws MemoryReadException {
    try {
      return frames.walk(lister.topFrameOf(tstate));
    } catch (WalkFault e) {
      return new FrameChain(List.of(), List.of(), true, e.getMessage());
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return new FrameChain(List.of(), List.of(), true, e.getMessage());
    }
  }
}
