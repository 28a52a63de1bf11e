package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.layout.LayoutChoice;
import dev.hangdoctor.cpython.layout.Layouts;
import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import dev.hangdoctor.cpython.layout.UnsupportedPythonException;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.evidence.AsyncLoop;
import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the asyncio task graph of a running CPython 3.11-3.14 from its memory, without pausing it:
 * every pending task ({@link TaskRegistry}), its name and state, its loop and that loop's thread,
 * its suspended coroutine frames ({@link AwaitChainReader}), what it waits on ({@link
 * WaitClassifier}, including the worker thread of an executor job) and who awaits it (3.14's {@code
 * fut_awaited_by}, else the reverse of the other tasks' waits). Never throws for what it reads.
 */
public final class TaskGraphReader {
  private final Path procRoot;

  /** {@code procRoot} is {@code /proc} (or a test's stand-in), for the target's source files. */
  public TaskGraphReader(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The task graph of process {@code pid}, whose interpreter {@code location} describes. */
  public AsyncTasks read(int pid, RemoteMemory memory, RuntimeLocation location) {
    Optional<AsyncioLayout> asyncio = AsyncioLayouts.forMinor(location.minor());
    if (asyncio.isEmpty()) {
      return AsyncTasks.unavailable(
          AsyncTasks.Status.UNSUPPORTED, "no asyncio table for CPython " + location.version());
    }
    try {
      LayoutChoice choice = Layouts.forRuntime(memory, location);
      Optional<ObjectLayout> objectLayout =
          ObjectLayouts.forProcess(location.minor(), choice.layout());
      if (objectLayout.isEmpty()) {
        return AsyncTasks.unavailable(AsyncTasks.Status.UNSUPPORTED, "no object layout");
      }
      ObjectReader objects =
          new ObjectReader(
              memory, objectLayout.get(), TypeAddresses.fromSymbols(location.symbols()));
      FrameAccess frames = new FrameAccess(memory, choice.layout(), location);
      SourceLines sources =
          new SourceLines(procRoot.resolve(Integer.toString(pid)).resolve("root"));
      return new Session(memory, objects, frames, asyncio.get(), choice.layout(), sources).read();
    } catch (UnsupportedPythonException e) {
      return AsyncTasks.unavailable(AsyncTasks.Status.UNSUPPORTED, e.getMessage());
    } catch (MemoryReadException e) {
      return AsyncTasks.unavailable(AsyncTasks.Status.UNREADABLE, e.getMessage());
    }
  }

  /** One read: the state shared by the steps. */
  private static final class Session {
    private final RemoteMemory memory;
    private final ObjectReader objects;
    private final FrameAccess frames;
    private final AsyncioLayout layout;
    private final SourceLines sources;

    Session(
        RemoteMemory memory,
        ObjectReader objects,
        FrameAccess frames,
        AsyncioLayout layout,
        Layout pythonLayout,
        SourceLines sources) {
      this.memory = memory;
      this.objects = objects;
      this.frames = frames;
      this.layout = layout;
      this.sources = sources;
    }

    AsyncTasks read() throws MemoryReadException {
      long interpreter = frames.mainInterpreter();
      if (interpreter == 0) {
        return AsyncTasks.unavailable(AsyncTasks.Status.UNREADABLE, "interpreter list unreadable");
      }
      if (objects.module(interpreter, "asyncio") == 0) {
        return AsyncTasks.unavailable(AsyncTasks.Status.NO_ASYNCIO, "asyncio is not imported");
      }
      List<FrameAccess.ThreadFrames> threads = frames.threads();
      TaskRegistry registry = new TaskRegistry(memory, objects, layout);
      Set<Long> addresses = registry.tasks(interpreter, threads);
      Map<Long, Long> running = registry.runningTasks(interpreter, threads);
      Map<Long, AsyncLoop> loops = loops(registry, threads);
      WaitClassifier classifier =
          new WaitClassifier(objects, frames, layout, workerJobs(threads), System.nanoTime() / 1e9);
      AwaitChainReader chains = new AwaitChainReader(memory, objects, frames, layout);
      Map<Long, AsyncTask> tasks = new LinkedHashMap<>();
      for (long address : addresses) {
        AsyncTask task = task(address, chains, classifier, running, loops);
        if (task != null) {
          tasks.put(address, task);
        }
      }
      return new AsyncTasks(
          AsyncTasks.Status.READ, List.copyOf(loops.values()), withParents(tasks), null);
    }

    private Map<Long, AsyncLoop> loops(
        TaskRegistry registry, List<FrameAccess.ThreadFrames> threads) throws MemoryReadException {
      Map<Long, AsyncLoop> loops = new LinkedHashMap<>();
      Map<Long, Long> byThreadState = registry.runningLoops(threads);
      for (FrameAccess.ThreadFrames thread : threads) {
        long loop = byThreadState.getOrDefault(thread.threadState(), 0L);
        if (loop == 0) {
          loop = loopOnStack(thread);
        }
        if (loop != 0) {
          loops.put(loop, new AsyncLoop(loop, objects.typeName(loop), thread.nativeThreadId()));
        }
      }
      return loops;
    }

    private long loopOnStack(FrameAccess.ThreadFrames thread) throws MemoryReadException {
      for (FrameAccess.AddressedFrame frame : thread.frames()) {
        String qualname = frame.frame().qualifiedName();
        if (qualname.endsWith("EventLoop.run_forever")
            || qualname.endsWith("EventLoop._run_once")) {
          long self = frames.local(frame.address(), "self");
          if (self != 0) {
            return self;
          }
        }
      }
      return 0;
    }

    /** The job each {@code concurrent.futures} worker thread runs: its future → thread, item. */
    private Map<Long, WaitClassifier.WorkerJob> workerJobs(List<FrameAccess.ThreadFrames> threads)
        throws MemoryReadException {
      Map<Long, WaitClassifier.WorkerJob> jobs = new HashMap<>();
      for (FrameAccess.ThreadFrames thread : threads) {
        for (FrameAccess.AddressedFrame frame : thread.frames()) {
          PythonFrame code = frame.frame();
          if (code.function().equals("_worker")
              && code.file().endsWith("concurrent/futures/thread.py")) {
            long item = frames.local(frame.address(), "work_item");
            long future = item == 0 ? 0 : objects.attribute(item, "future");
            if (future != 0) {
              jobs.put(future, new WaitClassifier.WorkerJob(thread.nativeThreadId(), item));
            }
          }
        }
      }
      return jobs;
    }

    private AsyncTask task(
        long address,
        AwaitChainReader chains,
        WaitClassifier classifier,
        Map<Long, Long> running,
        Map<Long, AsyncLoop> loops)
        throws MemoryReadException {
      if (!objects.isInstance(address, "_asyncio.Task")) {
        return null;
      }
      ByteBuffer block;
      try {
        block =
            ByteBuffer.wrap(memory.read(address, layout.taskSize())).order(ByteOrder.LITTLE_ENDIAN);
      } catch (MemoryReadException e) {
        if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
          throw e;
        }
        return null;
      }
      if (block.getInt(layout.futState()) != 0) {
        return null;
      }
      long loop = block.getLong(layout.futLoop());
      long coroutine = block.getLong(layout.taskCoro());
      long waiter = block.getLong(layout.taskFutWaiter());
      AwaitChain chain = chains.read(coroutine);
      boolean isRunning = running.getOrDefault(loop, 0L) == address || chain.executing();
      TaskWait wait = isRunning ? null : classifier.classify(chain, waiter);
      AsyncTask.State state =
          isRunning
              ? AsyncTask.State.RUNNING
              : wait != null
                  ? AsyncTask.State.WAITING
                  : chain.frames().size() == 1 && createdNotStarted(coroutine)
                      ? AsyncTask.State.CREATED
                      : AsyncTask.State.READY;
      AsyncLoop owner = loops.get(loop);
      return new AsyncTask(
          address,
          name(block.getLong(layout.taskName())),
          state,
          loop,
          owner == null ? 0 : owner.nativeThreadId(),
          isRunning ? List.of() : stack(chain),
          wait,
          awaitedBy(block),
          (int) block.getLong(layout.taskCancelsRequested()) & 0x7fffffff);
    }

    private boolean createdNotStarted(long coroutine) throws MemoryReadException {
      int state = memory.read(coroutine + layout.genFrameState(), 1)[0];
      return state == (layout.minor() >= 13 ? -3 : -2);
    }

    private List<TaskFrame> stack(AwaitChain chain) {
      List<TaskFrame> stack = new ArrayList<>();
      for (AwaitChain.ChainFrame frame : chain.frames()) {
        PythonFrame code = frame.frame();
        stack.add(new TaskFrame(code, sources.line(code.file(), code.line())));
      }
      return stack;
    }

    private String name(long name) {
      Optional<String> text = objects.str(name);
      if (text.isPresent()) {
        return text.get();
      }
      return objects.integer(name).map(number -> "Task-" + number).orElse("?");
    }

    /** 3.14: the tasks in {@code fut_awaited_by} (one object or a set); else empty. */
    private List<Long> awaitedBy(ByteBuffer block) {
      if (layout.futAwaitedBy() == AsyncioLayout.ABSENT) {
        return List.of();
      }
      long awaitedBy = block.getLong(layout.futAwaitedBy());
      if (!ObjectReader.isPointer(awaitedBy)) {
        return List.of();
      }
      List<Long> candidates =
          block.get(layout.futAwaitedByIsSet()) != 0
              ? objects.setMembers(awaitedBy, 1024)
              : List.of(awaitedBy);
      List<Long> tasks = new ArrayList<>();
      for (long candidate : candidates) {
        if (objects.isInstance(candidate, "_asyncio.Task")) {
          tasks.add(candidate);
        }
      }
      return tasks;
    }

    /** Adds to each task the tasks that wait for it, from the others' waits. */
    private static List<AsyncTask> withParents(Map<Long, AsyncTask> tasks) {
      Map<Long, List<Long>> parents = new HashMap<>();
      for (AsyncTask task : tasks.values()) {
        for (long parent : task.awaitedBy()) {
          addParent(parents, task.address(), parent);
        }
        if (task.waitsOn() != null) {
          for (long child : task.waitsOn().tasks()) {
            addParent(parents, child, task.address());
          }
        }
      }
      List<AsyncTask> result = new ArrayList<>(tasks.size());
      for (AsyncTask task : tasks.values()) {
        List<Long> mine = parents.getOrDefault(task.address(), List.of());
        result.add(mine.equals(task.awaitedBy()) ? task : task.withAwaitedBy(mine));
      }
      return result;
    }

    private static void addParent(Map<Long, List<Long>> parents, long child, long parent) {
      List<Long> list = parents.computeIfAbsent(child, key -> new ArrayList<>());
      if (!list.contains(parent)) {
        list.add(parent);
      }
    }
  }
}
