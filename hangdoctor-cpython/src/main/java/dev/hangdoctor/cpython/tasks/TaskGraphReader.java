package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.activity.ActivityReader;
import dev.hangdoctor.cpython.layout.LayoutChoice;
import dev.hangdoctor.cpython.layout.Layouts;
import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import dev.hangdoctor.cpython.layout.UnsupportedPythonException;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.cpython.walker.FrameRef;
import dev.hangdoctor.evidence.AsyncLoop;
import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskLockHold;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.PageCachedMemory;
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

  /**
   * The task graph of process {@code pid}, whose interpreter {@code location} describes. The memory
   * is read a page at a time ({@link PageCachedMemory}): a graph is thousands of small objects,
   * often side by side.
   */
  public AsyncTasks read(int pid, RemoteMemory memory, RuntimeLocation location) {
    try (PageCachedMemory pages = new PageCachedMemory(memory)) {
      return readFrom(pid, pages, location);
    }
  }

  private AsyncTasks readFrom(int pid, RemoteMemory memory, RuntimeLocation location) {
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
      TypeAddresses types = TypeAddresses.fromSymbols(location.symbols());
      ObjectReader objects = new ObjectReader(memory, objectLayout.get(), types);
      FrameAccess frames = new FrameAccess(memory, choice.layout(), location);
      SourceLines sources =
          new SourceLines(procRoot.resolve(Integer.toString(pid)).resolve("root"));
      Optional<ActivityReader> activity =
          ActivityReader.create(
              memory, choice.layout(), objectLayout.get(), types, tid -> null, Set.of());
      return new Session(memory, objects, frames, asyncio.get(), activity.orElse(null), sources)
          .read();
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
    private final ActivityReader activity;
    private final SourceLines sources;
    private final Map<Long, AwaitChain> chains = new HashMap<>();
    private final Set<Long> trioTasks = new java.util.HashSet<>();

    Session(
        RemoteMemory memory,
        ObjectReader objects,
        FrameAccess frames,
        AsyncioLayout layout,
        ActivityReader activity,
        SourceLines sources) {
      this.memory = memory;
      this.objects = objects;
      this.frames = frames;
      this.layout = layout;
      this.activity = activity;
      this.sources = sources;
    }

    AsyncTasks read() throws MemoryReadException {
      long interpreter = frames.mainInterpreter();
      if (interpreter == 0) {
        return AsyncTasks.unavailable(AsyncTasks.Status.UNREADABLE, "interpreter list unreadable");
      }
      boolean asyncio = objects.module(interpreter, "asyncio") != 0;
      boolean trio = objects.module(interpreter, "trio._core._run") != 0;
      if (!asyncio && !trio) {
        return AsyncTasks.unavailable(
            AsyncTasks.Status.NO_ASYNCIO, "neither asyncio nor trio is imported");
      }
      List<FrameAccess.ThreadFrames> threads = frames.threads();
      Map<Long, AsyncLoop> loops = new LinkedHashMap<>();
      Map<Long, AsyncTask> tasks = new LinkedHashMap<>();
      WaitClassifier classifier =
          new WaitClassifier(objects, frames, layout, workerJobs(threads), System.nanoTime() / 1e9);
      if (asyncio) {
        readAsyncio(interpreter, threads, classifier, loops, tasks);
      }
      if (trio) {
        TrioTaskReader.TrioGraph graph =
            new TrioTaskReader(memory, objects, frames, layout, sources, classifier).read(threads);
        graph.runners().forEach(runner -> loops.put(runner.address(), runner));
        tasks.putAll(graph.tasks());
        trioTasks.addAll(graph.tasks().keySet());
        chains.putAll(graph.chains());
        withTrioLockHolds(tasks);
      }
      withLockHolds(tasks);
      withReadDeadlines(tasks);
      return new AsyncTasks(
          AsyncTasks.Status.READ, List.copyOf(loops.values()), withParents(tasks), null);
    }

    private void readAsyncio(
        long interpreter,
        List<FrameAccess.ThreadFrames> threads,
        WaitClassifier classifier,
        Map<Long, AsyncLoop> loops,
        Map<Long, AsyncTask> tasks)
        throws MemoryReadException {
      TaskRegistry registry = new TaskRegistry(memory, objects, layout);
      Set<Long> addresses = registry.tasks(interpreter, threads);
      Map<Long, Long> running = registry.runningTasks(interpreter, threads);
      loops.putAll(loops(registry, threads));
      AwaitChainReader chains = new AwaitChainReader(memory, objects, frames, layout);
      for (long address : addresses) {
        AsyncTask task = task(address, chains, classifier, running, loops);
        if (task != null) {
          tasks.put(address, task);
        }
      }
    }

    /**
     * A trio lock records its owner task: adds to that task the hold, with the frame whose {@code
     * async with} holds the lock when one of its suspended frames does (else its innermost frame)
     * and the name that frame gives the lock.
     */
    private void withTrioLockHolds(Map<Long, AsyncTask> tasks) throws MemoryReadException {
      withTrioLockNames(tasks);
      Map<Long, List<TaskLockHold>> holds = new LinkedHashMap<>();
      Set<Long> locks = new java.util.HashSet<>();
      for (AsyncTask task : tasks.values()) {
        TaskWait wait = task.waitsOn();
        if (wait == null
            || wait.kind() != TaskWait.Kind.LOCK
            || wait.waitObject() == 0
            || !locks.add(wait.waitObject())) {
          continue;
        }
        long owner = objects.attribute(wait.waitObject(), "_owner");
        AsyncTask holder = tasks.get(owner);
        if (holder != null && !holder.stack().isEmpty()) {
          holds
              .computeIfAbsent(owner, key -> new ArrayList<>())
              .add(trioHold(holder, wait.waitObject()));
        }
      }
      for (Map.Entry<Long, List<TaskLockHold>> entry : holds.entrySet()) {
        AsyncTask task = tasks.get(entry.getKey());
        List<TaskLockHold> all = new ArrayList<>(task.holds());
        all.addAll(entry.getValue());
        tasks.put(task.address(), task.withHolds(all));
      }
    }

    /**
     * Names the lock each trio task waits for as the frame entering its {@code async with} names it
     * ({@code destination.lock}).
     */
    private void withTrioLockNames(Map<Long, AsyncTask> tasks) throws MemoryReadException {
      for (Map.Entry<Long, AsyncTask> entry : tasks.entrySet()) {
        AsyncTask task = entry.getValue();
        AwaitChain chain = chains.get(task.address());
        TaskWait wait = task.waitsOn();
        if (wait == null || wait.kind() != TaskWait.Kind.LOCK || chain == null) {
          continue;
        }
        List<AwaitChain.ChainFrame> chainFrames = chain.frames();
        for (int i = 0; i + 1 < chainFrames.size(); i++) {
          if (chainFrames.get(i + 1).frame().qualifiedName().endsWith("__aenter__")) {
            TaskWait named = namedLockWait(wait, chainFrames.get(i).frameAddress());
            if (named != wait) {
              entry.setValue(task.withWaitsOn(named));
            }
            break;
          }
        }
      }
    }

    private TaskLockHold trioHold(AsyncTask holder, long lock) throws MemoryReadException {
      AwaitChain chain = chains.get(holder.address());
      if (chain != null && activity != null) {
        for (AwaitChain.ChainFrame frame : chain.frames()) {
          Optional<FrameRef> ref = frames.ref(frame.frameAddress());
          if (ref.isPresent() && activity.asyncWithManagers(ref.get()).contains(lock)) {
            return new TaskLockHold(lock, lockName(frame.frameAddress(), lock), frame.frame());
          }
        }
      }
      return new TaskLockHold(lock, null, holder.innermost().frame());
    }

    /**
     * When some task waits for an {@code asyncio.Lock}, adds to every waiting task the locks it
     * holds in {@code async with} blocks (read from its frames' value stacks), so a waiter can be
     * linked to the holder. Skipped otherwise: it reads every suspended frame once more.
     */
    private void withLockHolds(Map<Long, AsyncTask> tasks) throws MemoryReadException {
      boolean lockWaiter =
          tasks.values().stream()
              .anyMatch(t -> t.waitsOn() != null && t.waitsOn().kind() == TaskWait.Kind.LOCK);
      if (!lockWaiter || activity == null) {
        return;
      }
      for (Map.Entry<Long, AsyncTask> entry : tasks.entrySet()) {
        AsyncTask task = entry.getValue();
        AwaitChain chain = chains.get(task.address());
        if (task.state() != AsyncTask.State.WAITING
            || chain == null
            || trioTasks.contains(task.address())) {
          continue;
        }
        List<TaskLockHold> holds = new ArrayList<>();
        TaskWait wait = task.waitsOn();
        List<AwaitChain.ChainFrame> chainFrames = chain.frames();
        for (int i = 0; i < chainFrames.size(); i++) {
          AwaitChain.ChainFrame frame = chainFrames.get(i);
          if (frame.frame().file().contains("/asyncio/")) {
            continue;
          }
          Optional<FrameRef> ref = frames.ref(frame.frameAddress());
          if (ref.isEmpty()) {
            continue;
          }
          List<Long> locks = new ArrayList<>(activity.asyncLocksHeld(ref.get()));
          boolean entering =
              i + 1 < chainFrames.size()
                  && chainFrames.get(i + 1).frame().qualifiedName().endsWith("__aenter__");
          if (entering && task.waitsOn().kind() == TaskWait.Kind.LOCK) {
            // from 3.12 the exit of the `async with` being entered is on the stack too: the lock
            // the task waits for is not held yet
            locks.remove(Long.valueOf(task.waitsOn().waitObject()));
            wait = namedLockWait(task.waitsOn(), frame.frameAddress());
          }
          for (long lock : locks) {
            holds.add(new TaskLockHold(lock, lockName(frame.frameAddress(), lock), frame.frame()));
          }
        }
        if (!holds.isEmpty() || wait != task.waitsOn()) {
          entry.setValue(task.withWaitsOn(wait).withHolds(holds));
        }
      }
    }

    /**
     * Adds to each task waiting on a stream read the deadline of an {@code asyncio.timeout()} block
     * it is inside ({@code wait_for} uses one from 3.12): the earliest {@code Timeout._when} of the
     * {@code async with} managers on its frames' value stacks, as seconds from now.
     */
    private void withReadDeadlines(Map<Long, AsyncTask> tasks) throws MemoryReadException {
      if (activity == null) {
        return;
      }
      double now = System.nanoTime() / 1e9;
      for (Map.Entry<Long, AsyncTask> entry : tasks.entrySet()) {
        AsyncTask task = entry.getValue();
        AwaitChain chain = chains.get(task.address());
        if (task.waitsOn() == null
            || task.waitsOn().kind() != TaskWait.Kind.STREAM_READ
            || chain == null) {
          continue;
        }
        Double earliest = null;
        for (AwaitChain.ChainFrame frame : chain.frames()) {
          Optional<FrameRef> ref = frames.ref(frame.frameAddress());
          if (ref.isEmpty()) {
            continue;
          }
          for (long manager : activity.asyncWithManagers(ref.get())) {
            if (!"Timeout".equals(activity.typeName(manager))) {
              continue;
            }
            Optional<Double> when = objects.floatValue(objects.attribute(manager, "_when"));
            if (when.isPresent() && (earliest == null || when.get() < earliest)) {
              earliest = when.get();
            }
          }
        }
        if (earliest != null) {
          entry.setValue(task.withWaitsOn(task.waitsOn().withSecondsLeft(earliest - now)));
        }
      }
    }

    /** The lock wait described with the name the entering frame gives the lock, when it has one. */
    private TaskWait namedLockWait(TaskWait wait, long frame) throws MemoryReadException {
      String name = lockName(frame, wait.waitObject());
      if (name == null) {
        return wait;
      }
      return new TaskWait(
          wait.kind(),
          wait.future(),
          wait.description() + " `" + name + "`",
          wait.tasks(),
          wait.worker(),
          wait.secondsLeft(),
          wait.waitObject(),
          wait.waitersOfObject(),
          wait.finishedTasks(),
          wait.fd());
    }

    /** How the frame names {@code lock}: a local, or a local's attribute; null when neither. */
    private String lockName(long frame, long lock) throws MemoryReadException {
      List<String> names = frames.localNames(frame);
      for (String name : names) {
        if (frames.local(frame, name) == lock) {
          return name;
        }
      }
      for (String name : names) {
        long value = frames.local(frame, name);
        String attribute = value == 0 ? null : objects.attributeNameOf(value, lock);
        if (attribute != null) {
          return name + "." + attribute;
        }
      }
      return null;
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
      this.chains.put(address, chain);
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
