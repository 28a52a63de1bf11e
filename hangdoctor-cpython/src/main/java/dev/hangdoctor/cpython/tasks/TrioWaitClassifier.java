package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.evidence.TaskWait.Kind;
import dev.hangdoctor.linux.memory.MemoryReadException;
import java.util.List;
import java.util.Map;

/**
 * Says what a parked trio task waits on, from the innermost trio frames of its await chain (every
 * parked task ends in {@code wait_task_rescheduled > _real_async_yield}): a sleep and its deadline,
 * an {@code Event}, a {@code Lock} (and its owner task), a {@code Semaphore}, a {@code
 * CapacityLimiter}, a {@code Condition}, a memory channel receive or send, a {@code
 * to_thread.run_sync} job (and the worker thread running it), a socket (its fd) or a nursery
 * waiting for its children. The trio function names are those of trio 0.35 ({@link #FRAMES}).
 */
final class TrioWaitClassifier {
  private static final int MAX_CHILDREN = 10_000;

  /** The trio frames that name a wait: {@code file suffix → qualified name → kind}. */
  static final Map<String, Map<String, Kind>> FRAMES =
      Map.of(
          "trio/_timeouts.py",
          Map.of("sleep_until", Kind.SLEEP, "sleep_forever", Kind.SLEEP),
          "trio/_sync.py",
          Map.of(
              "Event.wait", Kind.EVENT,
              "_LockImpl.acquire", Kind.LOCK,
              "Semaphore.acquire", Kind.SEMAPHORE,
              "CapacityLimiter.acquire_on_behalf_of", Kind.LIMITER,
              "Condition.wait", Kind.CONDITION),
          "trio/_channel.py",
          Map.of(
              "MemoryReceiveChannel.receive", Kind.QUEUE_GET,
              "MemorySendChannel.send", Kind.QUEUE_PUT),
          "trio/_threads.py",
          Map.of("to_thread_run_sync", Kind.EXECUTOR_JOB),
          "trio/_core/_io_epoll.py",
          Map.of("EpollIOManager._epoll_wait", Kind.STREAM_READ),
          "trio/_core/_run.py",
          Map.of("Nursery._nested_child_finished", Kind.TASK_GROUP));

  private final ObjectReader objects;
  private final FrameAccess frames;
  private final WaitClassifier functions;
  private final Map<Long, Integer> workers;
  private final Double now;

  /**
   * {@code workers} maps a to_thread job's {@code deliver} callback to the thread running it;
   * {@code now} is trio's clock now (null when unknown: deadlines then go unsaid).
   */
  TrioWaitClassifier(
      ObjectReader objects,
      FrameAccess frames,
      WaitClassifier functions,
      Map<Long, Integer> workers,
      Double now) {
    this.objects = objects;
    this.frames = frames;
    this.functions = functions;
    this.workers = workers;
    this.now = now;
  }

  /**
   * What the task waits on, or null when its chain does not end in a park. {@code deadline} is the
   * earliest deadline of the cancel scopes around it (trio clock; null when none).
   */
  TaskWait classify(AwaitChain chain, Double deadline) throws MemoryReadException {
    AwaitChain.ChainFrame inner = chain.innermost();
    if (inner == null || !parked(inner.frame())) {
      return null;
    }
    List<AwaitChain.ChainFrame> chainFrames = chain.frames();
    for (int i = chainFrames.size() - 1; i >= 0; i--) {
      AwaitChain.ChainFrame frame = chainFrames.get(i);
      Kind kind = kindOf(frame.frame());
      if (kind != null) {
        return identified(wait(kind, frame, chainFrames, i, deadline), inner.owner());
      }
    }
    String where = "trio park";
    for (int i = chainFrames.size() - 1; i >= 0; i--) {
      if (!chainFrames.get(i).frame().file().contains("/trio/")) {
        where = "trio park in " + chainFrames.get(i).frame().qualifiedName();
        break;
      }
    }
    return identified(simple(Kind.OTHER, where, 0, 0, secondsLeft(deadline)), inner.owner());
  }

  /**
   * The wait with the park's {@code _async_yield} generator as its {@code future}: trio has no
   * future, and a new park (a new wait) is a new generator, so rules can tell one wait from the
   * next as they do asyncio's futures.
   */
  private static TaskWait identified(TaskWait wait, long park) {
    return new TaskWait(
        wait.kind(),
        park,
        wait.description(),
        wait.tasks(),
        wait.worker(),
        wait.secondsLeft(),
        wait.waitObject(),
        wait.waitersOfObject(),
        wait.finishedTasks(),
        wait.fd());
  }

  /**
   * Every parked trio task's innermost frame: the {@code yield} of {@code _async_yield} (trio 0.22)
   * or {@code _real_async_yield} (0.35).
   */
  private static boolean parked(PythonFrame frame) {
    return frame.function().endsWith("_async_yield")
        && frame.file().endsWith("trio/_core/_traps.py");
  }

  static Kind kindOf(PythonFrame frame) {
    for (Map.Entry<String, Map<String, Kind>> file : FRAMES.entrySet()) {
      if (frame.file().endsWith(file.getKey())) {
        return file.getValue().get(frame.qualifiedName());
      }
    }
    return null;
  }

  private TaskWait wait(
      Kind kind,
      AwaitChain.ChainFrame frame,
      List<AwaitChain.ChainFrame> chainFrames,
      int index,
      Double deadline)
      throws MemoryReadException {
    long address = frame.frameAddress();
    long self = frames.local(address, "self");
    return switch (kind) {
      case SLEEP -> sleep(frame, chainFrames, index);
      case EVENT ->
          simple(kind, "trio.Event", self, count(objects.attribute(self, "_tasks")), null);
      case LOCK -> lock(self);
      case SEMAPHORE -> simple(kind, "trio.Semaphore", self, parked(self), secondsLeft(deadline));
      case CONDITION -> simple(kind, "trio.Condition", self, parked(self), secondsLeft(deadline));
      case LIMITER -> limiter(self);
      case QUEUE_GET, QUEUE_PUT -> channel(kind, self);
      case EXECUTOR_JOB -> toThread(address, index > 0 ? chainFrames.get(index - 1) : null);
      case STREAM_READ -> socket(address, deadline);
      case TASK_GROUP -> nursery(self);
      default -> simple(kind, frame.frame().qualifiedName(), self, 0, null);
    };
  }

  /**
   * A sleep: {@code sleep(seconds) > sleep_until(deadline) > sleep_forever}, or a part of it; the
   * deadline is {@code sleep_until}'s.
   */
  private TaskWait sleep(
      AwaitChain.ChainFrame frame, List<AwaitChain.ChainFrame> chainFrames, int index)
      throws MemoryReadException {
    Double left = null;
    String description = "sleep_forever";
    for (int i = index; i >= 0 && i >= index - 2; i--) {
      AwaitChain.ChainFrame outer = chainFrames.get(i);
      if (!outer.frame().file().endsWith("trio/_timeouts.py")) {
        break;
      }
      String function = outer.frame().function();
      if (function.equals("sleep_until")) {
        long deadline = frames.local(outer.frameAddress(), "deadline");
        left = secondsLeft(objects.floatValue(deadline).orElse(null));
        description = "sleep_until";
      } else if (function.equals("sleep")) {
        long seconds = frames.local(outer.frameAddress(), "seconds");
        Double value =
            objects
                .floatValue(seconds)
                .orElse(objects.integer(seconds).map(Long::doubleValue).orElse(null));
        description = value == null ? "sleep" : "sleep(" + format(value) + ")";
      }
    }
    return new TaskWait(Kind.SLEEP, 0, description, List.of(), null, left, 0, 0);
  }

  /** A lock wait; the lock's owner (trio records it) is linked by the reader as a hold. */
  private TaskWait lock(long lock) {
    String type = lock == 0 ? "Lock" : objects.typeName(lock);
    return simple(Kind.LOCK, "trio." + type, lock, parked(lock), null);
  }

  private TaskWait limiter(long limiter) {
    int borrowed = count(objects.attribute(limiter, "_borrowers"));
    long total = objects.attribute(limiter, "_total_tokens");
    String tokens =
        objects
            .integer(total)
            .map(Object::toString)
            .orElse(objects.floatValue(total).map(TrioWaitClassifier::format).orElse("?"));
    return simple(
        Kind.LIMITER,
        "trio.CapacityLimiter (" + borrowed + " of " + tokens + " tokens borrowed)",
        limiter,
        parked(limiter),
        null);
  }

  private TaskWait channel(Kind kind, long channel) {
    long state = channel == 0 ? 0 : objects.attribute(channel, "_state");
    long waiters =
        state == 0
            ? 0
            : objects.attribute(state, kind == Kind.QUEUE_GET ? "receive_tasks" : "send_tasks");
    String description =
        kind == Kind.QUEUE_GET ? "trio memory channel receive" : "trio memory channel send";
    if (state != 0 && kind == Kind.QUEUE_GET) {
      long senders = objects.attribute(state, "open_send_channels");
      description +=
          objects.integer(senders).map(n -> " (" + n + " send channels open)").orElse("");
    }
    return simple(kind, description, state, objects.dictEntries(waiters).size(), null);
  }

  /**
   * A {@code to_thread_run_sync} job; its function is {@code sync_fn}, or, under anyio's {@code
   * run_sync_in_worker_thread} (which hands trio a wrapper), that frame's {@code func}.
   */
  private TaskWait toThread(long frame, AwaitChain.ChainFrame caller) throws MemoryReadException {
    long deliver = frames.local(frame, "deliver_worker_fn_result");
    long syncFn = frames.local(frame, "sync_fn");
    if (caller != null
        && caller.frame().qualifiedName().endsWith("run_sync_in_worker_thread")
        && caller.frame().file().contains("/anyio/")) {
      long func = frames.local(caller.frameAddress(), "func");
      syncFn = func != 0 ? func : syncFn;
    }
    String function = functions.functionName(syncFn);
    Integer thread = workers.get(deliver);
    TaskWait.WorkerLink worker =
        thread == null
            ? null
            : new TaskWait.WorkerLink(thread, function.isEmpty() ? null : function, "RUNNING");
    String description = "to_thread.run_sync" + (function.isEmpty() ? "" : " " + function);
    return new TaskWait(Kind.EXECUTOR_JOB, 0, description, List.of(), worker, null, deliver, 0);
  }

  private TaskWait socket(long frame, Double deadline) throws MemoryReadException {
    int fd = objects.integer(frames.local(frame, "fd")).map(Long::intValue).orElse(-1);
    String direction = objects.str(frames.local(frame, "attr_name")).orElse("read_task");
    boolean read = direction.equals("read_task");
    String description = (read ? "socket read" : "socket write") + (fd < 0 ? "" : " on fd " + fd);
    return new TaskWait(
        read ? Kind.STREAM_READ : Kind.OTHER,
        0,
        description,
        List.of(),
        null,
        secondsLeft(deadline),
        0,
        0,
        List.of(),
        fd);
  }

  private TaskWait nursery(long nursery) {
    List<Long> children = objects.setMembers(objects.attribute(nursery, "_children"), MAX_CHILDREN);
    return new TaskWait(
        Kind.TASK_GROUP, 0, "nursery of " + children.size(), children, null, null, nursery, 0);
  }

  /** How many tasks are parked in the object's {@code _lot} (a trio {@code ParkingLot}). */
  private int parked(long object) {
    long lot = object == 0 ? 0 : objects.attribute(object, "_lot");
    return lot == 0 ? 0 : objects.dictEntries(objects.attribute(lot, "_parked")).size();
  }

  private int count(long set) {
    return set == 0 ? 0 : objects.setMembers(set, MAX_CHILDREN).size();
  }

  private Double secondsLeft(Double deadline) {
    return deadline == null || now == null ? null : deadline - now;
  }

  private static TaskWait simple(
      Kind kind, String description, long object, int waiters, Double secondsLeft) {
    return new TaskWait(kind, 0, description, List.of(), null, secondsLeft, object, waiters);
  }

  private static String format(double seconds) {
    return seconds == Math.rint(seconds) && Math.abs(seconds) < 1e15
        ? Long.toString((long) seconds)
        : Double.toString(seconds);
  }
}
