package dev.hangdoctor.cpython;

import dev.hangdoctor.cpython.activity.ActivityReader;
import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.layout.LayoutChoice;
import dev.hangdoctor.cpython.layout.Layouts;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import dev.hangdoctor.cpython.layout.UnsupportedPythonException;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.names.RegisteredThread;
import dev.hangdoctor.cpython.names.ThreadNameReader;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.cpython.walker.CodeCache;
import dev.hangdoctor.cpython.walker.ThreadWalker;
import dev.hangdoctor.cpython.walker.WalkResult;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.LayoutSource;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every Python thread's stack of a running CPython 3.11-3.14 from its memory, without pausing
 * it: picks the layout ({@link Layouts#forRuntime}), walks all interpreters' threads and frames,
 * reports the GIL holder and names the threads (and their daemon flags) from {@code threading}'s
 * registry ({@link ThreadNameReader}). Idleness is joined later from the kernel's evidence.
 */
public final class PythonStackWalker {

  /**
   * Walks the interpreter {@code location} describes. Never throws for what it reads: an
   * unsupported version, a refused read or a target that exited become the status of the result.
   */
  public PythonStacks walk(RemoteMemory memory, RuntimeLocation location) {
    return walk(memory, location, null);
  }

  /**
   * Walks as {@link #walk(RemoteMemory, RuntimeLocation)} and, when {@code syscalls} is given, also
   * reads what each thread is doing ({@link ActivityReader}): the call each frame makes, the
   * callable the innermost frame is blocked in, the locks held and what each thread waits for,
   * using {@code syscalls} to map a futex wait back to its lock.
   */
  public PythonStacks walk(
      RemoteMemory memory, RuntimeLocation location, ActivityReader.Syscalls syscalls) {
    return walk(memory, location, syscalls, new CodeCache());
  }

  /**
   * Walks as {@link #walk(RemoteMemory, RuntimeLocation, ActivityReader.Syscalls)}, taking the code
   * objects earlier walks of the same process read from {@code codes} and adding those it reads.
   */
  public PythonStacks walk(
      RemoteMemory memory,
      RuntimeLocation location,
      ActivityReader.Syscalls syscalls,
      CodeCache codes) {
    String version = location.version();
    if (location.runtimeAddress() <= 0) {
      return failed(Status.UNREADABLE, location, "no _PyRuntime address");
    }
    try {
      LayoutChoice choice = Layouts.forRuntime(memory, location);
      WalkResult result = new ThreadWalker(memory, choice.layout(), location, codes).walk();
      if (result.threads().isEmpty() && result.problem() != null) {
        return failed(Status.UNREADABLE, location, "thread list unreadable: " + result.problem());
      }
      Map<Long, RegisteredThread> registered =
          threadNames(memory, location, choice.layout(), result.mainInterpreter());
      List<PythonThread> threads = result.threads();
      if (syscalls != null) {
        Set<String> classes = new HashSet<>();
        registered.values().forEach(thread -> classes.add(thread.type()));
        threads = withActivity(memory, location, choice.layout(), result, syscalls, classes);
      }
      return new PythonStacks(
          Status.READ,
          version,
          location.binary(),
          choice.source(),
          named(threads, registered),
          detail(choice.note(), result.problem()));
    } catch (UnsupportedPythonException e) {
      return failed(Status.UNSUPPORTED_VERSION, location, e.getMessage());
    } catch (MemoryReadException e) {
      return failed(status(e.reason()), location, e.getMessage());
    }
  }

  private static Map<Long, RegisteredThread> threadNames(
      RemoteMemory memory, RuntimeLocation location, Layout layout, long mainInterpreter) {
    if (mainInterpreter == 0) {
      return Map.of();
    }
    TypeAddresses types = TypeAddresses.fromSymbols(location.symbols());
    return ObjectLayouts.forProcess(location.minor(), layout)
        .map(objects -> ThreadNameReader.readThreads(memory, mainInterpreter, objects, types))
        .orElse(Map.of());
  }

  private static List<PythonThread> withActivity(
      RemoteMemory memory,
      RuntimeLocation location,
      Layout layout,
      WalkResult result,
      ActivityReader.Syscalls syscalls,
      Set<String> liveThreadClasses) {
    TypeAddresses types = TypeAddresses.fromSymbols(location.symbols());
    return ObjectLayouts.forProcess(location.minor(), layout)
        .flatMap(
            objects ->
                ActivityReader.create(memory, layout, objects, types, syscalls, liveThreadClasses))
        .map(reader -> reader.read(result.walked()))
        .orElse(result.threads());
  }

  private static List<PythonThread> named(
      List<PythonThread> threads, Map<Long, RegisteredThread> registered) {
    List<PythonThread> result = new ArrayList<>(threads.size());
    for (PythonThread thread : threads) {
      RegisteredThread known = registered.get(thread.threadId());
      result.add(
          known == null
              ? thread
              : thread
                  .withName(known.name(), PythonThread.NameSource.THREADING)
                  .withDaemon(known.daemon()));
    }
    return result;
  }

  private static Status status(MemoryReadException.Reason reason) {
    return switch (reason) {
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case TARGET_EXITED -> Status.TARGET_EXITED;
      case UNMAPPED -> Status.UNREADABLE;
    };
  }

  private static String detail(String layoutNote, String listProblem) {
    String listNote = listProblem == null ? null : "thread list cut short: " + listProblem;
    if (layoutNote == null) {
      return listNote;
    }
    return listNote == null ? layoutNote : layoutNote + "; " + listNote;
  }

  private static PythonStacks failed(Status status, RuntimeLocation location, String detail) {
    return new PythonStacks(
        status, location.version(), location.binary(), LayoutSource.NONE, List.of(), detail);
  }
}
