package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.evidence.FinishedTask;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.evidence.TaskWait.Kind;
import dev.hangdoctor.linux.memory.MemoryReadException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says what a suspended task waits on, from the future it is blocked on and the innermost frames of
 * its await chain: another task, a gather, a TaskGroup, an executor job (and the worker thread
 * running it), a sleep timer with its deadline, the waiter of an {@code Event}, {@code Queue},
 * {@code Lock}, {@code Semaphore} or {@code Condition}, a stream read, or an anyio limiter.
 */
final class WaitClassifier {
  private static final int MAX_CHILDREN = 10_000;
  private static final int EXCEPTION_ARGS = 24;
  private static final Set<Kind> PRODUCED =
      Set.of(Kind.EVENT, Kind.QUEUE_GET, Kind.QUEUE_PUT, Kind.CONDITION, Kind.FUTURE);
  private static final String CHAIN_CALLBACK = "_chain_future.<locals>._call_check_cancel";
  private static final String SHIELD_CALLBACK = "shield.<locals>._outer_done_callback";

  private final ObjectReader objects;
  private final FrameAccess frames;
  private final AsyncioLayout layout;
  private final Map<Long, WorkerJob> workerJobs;
  private final double monotonicNow;
  private final Map<Long, Integer> waiterCounts = new java.util.HashMap<>();
  private final Map<Long, List<Long>> taskAttributes = new java.util.HashMap<>();

  /** A job a {@code concurrent.futures} worker thread is running: the thread and the function. */
  record WorkerJob(int nativeThreadId, long workItem) {}

  WaitClassifier(
      ObjectReader objects,
      FrameAccess frames,
      AsyncioLayout layout,
      Map<Long, WorkerJob> workerJobs,
      double monotonicNow) {
    this.objects = objects;
    this.frames = frames;
    this.layout = layout;
    this.workerJobs = workerJobs;
    this.monotonicNow = monotonicNow;
  }

  /** What the task waits on, or null when it waits on nothing (running, ready). */
  TaskWait classify(AwaitChain chain, long futWaiter) throws MemoryReadException {
    TaskWait wait = classifyWait(chain, futWaiter);
    if (wait != null && PRODUCED.contains(wait.kind())) {
      List<FinishedTask> finished = finishedInReach(chain);
      if (!finished.isEmpty()) {
        return wait.withFinishedTasks(finished);
      }
    }
    return wait;
  }

  /**
   * Tasks already done that the waiter can reach: locals of its frames that are tasks, and
   * attributes of its frames' locals (such as {@code self}) that are tasks.
   */
  private List<FinishedTask> finishedInReach(AwaitChain chain) throws MemoryReadException {
    Set<Long> seen = new HashSet<>();
    List<FinishedTask> finished = new ArrayList<>();
    for (AwaitChain.ChainFrame frame : chain.frames()) {
      if (frame.frame().file().contains("/asyncio/")) {
        continue;
      }
      for (String name : frames.localNames(frame.frameAddress())) {
        long value = frames.local(frame.frameAddress(), name);
        if (value == 0 || !seen.add(value)) {
          continue;
        }
        if (objects.isInstance(value, "_asyncio.Task")) {
          finishedTask(value).ifPresent(finished::add);
          continue;
        }
        for (long attribute : taskAttributes(value)) {
          if (seen.add(attribute)) {
            finishedTask(attribute).ifPresent(finished::add);
          }
        }
      }
    }
    return finished;
  }

  /** The attributes of {@code object} that are tasks, read once per object for the whole read. */
  private List<Long> taskAttributes(long object) {
    return taskAttributes.computeIfAbsent(
        object,
        address -> {
          List<Long> tasks = new ArrayList<>();
          for (long attribute : objects.attributeValues(address)) {
            if (objects.isInstance(attribute, "_asyncio.Task")) {
              tasks.add(attribute);
            }
          }
          return tasks;
        });
  }

  private java.util.Optional<FinishedTask> finishedTask(long task) throws MemoryReadException {
    int state = objects.bytes(task + layout.futState(), 4).map(b -> b.getInt(0)).orElse(0);
    if (state == 0) {
      return java.util.Optional.empty();
    }
    long exception = objects.word(task + layout.futException()).orElse(0L);
    String outcome = state == 1 ? "cancelled" : exception != 0 ? "failed" : "finished";
    long nameObject = objects.word(task + layout.taskName()).orElse(0L);
    String name =
        objects
            .str(nameObject)
            .orElse(objects.integer(nameObject).map(n -> "Task-" + n).orElse("?"));
    long coroutine = objects.word(task + layout.taskCoro()).orElse(0L);
    PythonFrame frame =
        ObjectReader.isPointer(coroutine)
            ? frames.decode(coroutine + layout.genFrame()).orElse(null)
            : null;
    return java.util.Optional.of(
        new FinishedTask(task, name, outcome, describeException(exception), frame));
  }

  /** {@code Type: first argument} of an exception object, or null. */
  private String describeException(long exception) {
    if (!ObjectReader.isPointer(exception)) {
      return null;
    }
    String type = objects.typeName(exception);
    List<Long> args = objects.sequence(objects.word(exception + EXCEPTION_ARGS).orElse(0L), 1);
    String message = args.isEmpty() ? null : objects.str(args.get(0)).orElse(null);
    return message == null || message.isEmpty() ? type : type + ": " + message;
  }

  private TaskWait classifyWait(AwaitChain chain, long futWaiter) throws MemoryReadException {
    long future = futWaiter != 0 ? futWaiter : chain.future();
    AwaitChain.ChainFrame inner = chain.innermost();
    if (future == 0 && chain.leaf() == 0) {
      return null;
    }
    if (future == 0) {
      return wait(Kind.OTHER, 0, objects.typeName(chain.leaf()), List.of());
    }
    if (objects.isInstance(future, "_asyncio.Task")) {
      return wait(Kind.TASK, future, "task", List.of(future));
    }
    String futureType = objects.typeName(future);
    if (futureType.equals("_GatheringFuture")) {
      List<Long> children = objects.sequence(objects.attribute(future, "_children"), MAX_CHILDREN);
      return wait(Kind.GATHER, future, "gather of " + children.size(), children);
    }
    long callback = objects.word(future + layout.futCallback0()).orElse(0L);
    String callbackName = functionName(callback);
    if (callbackName.equals(CHAIN_CALLBACK)) {
      return executorJob(future, callback);
    }
    if (callbackName.equals(SHIELD_CALLBACK)) {
      long shielded = closureValue(callback, "_asyncio.Task");
      return wait(Kind.SHIELD, future, "shield", shielded == 0 ? List.of() : List.of(shielded));
    }
    TaskWait byFrame = byFrames(chain, future);
    if (byFrame != null) {
      return byFrame;
    }
    String what = inner == null ? "future" : "future in " + inner.frame().qualifiedName();
    return wait(Kind.FUTURE, future, what, List.of());
  }

  private TaskWait byFrames(AwaitChain chain, long future) throws MemoryReadException {
    List<AwaitChain.ChainFrame> chainFrames = chain.frames();
    for (int i = chainFrames.size() - 1; i >= 0 && i >= chainFrames.size() - 3; i--) {
      AwaitChain.ChainFrame frame = chainFrames.get(i);
      PythonFrame code = frame.frame();
      String qualname = code.qualifiedName();
      String file = code.file();
      if (file.endsWith("asyncio/tasks.py") && qualname.equals("sleep")) {
        return sleep(frame, future);
      }
      if (file.contains("/asyncio/")) {
        TaskWait primitive = primitive(qualname, frame, future);
        if (primitive != null) {
          return primitive;
        }
      }
      if (file.contains("/anyio/") && qualname.endsWith("CapacityLimiter.acquire_on_behalf_of")) {
        long self = frames.local(frame.frameAddress(), "self");
        return new TaskWait(
            Kind.LIMITER, future, "anyio CapacityLimiter", List.of(), null, null, self, 0);
      }
    }
    return null;
  }

  private TaskWait primitive(String qualname, AwaitChain.ChainFrame frame, long future)
      throws MemoryReadException {
    Kind kind =
        switch (qualname) {
          case "Event.wait" -> Kind.EVENT;
          case "Queue.get" -> Kind.QUEUE_GET;
          case "Queue.put" -> Kind.QUEUE_PUT;
          case "Lock.acquire" -> Kind.LOCK;
          case "Semaphore.acquire" -> Kind.SEMAPHORE;
          case "Condition.wait" -> Kind.CONDITION;
          case "StreamReader._wait_for_data" -> Kind.STREAM_READ;
          case "TaskGroup.__aexit__", "TaskGroup._aexit" -> Kind.TASK_GROUP;
          case "wait_for" -> Kind.WAIT_FOR;
          case "_wait", "wait" -> Kind.WAIT;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    long self = frames.local(frame.frameAddress(), "self");
    String type = self == 0 ? qualname : objects.typeName(self);
    return switch (kind) {
      case TASK_GROUP -> {
        List<Long> children = objects.setMembers(objects.attribute(self, "_tasks"), MAX_CHILDREN);
        yield new TaskWait(
            kind, future, "TaskGroup of " + children.size(), children, null, null, self, 0);
      }
      case WAIT_FOR -> {
        long inner = frames.local(frame.frameAddress(), "fut");
        List<Long> tasks =
            inner != 0 && objects.isInstance(inner, "_asyncio.Task") ? List.of(inner) : List.of();
        yield wait(kind, future, "wait_for", tasks);
      }
      case WAIT -> {
        long fs = frames.local(frame.frameAddress(), "fs");
        List<Long> tasks = new ArrayList<>();
        for (long member : objects.setMembers(fs, MAX_CHILDREN)) {
          if (objects.isInstance(member, "_asyncio.Task")) {
            tasks.add(member);
          }
        }
        yield wait(kind, future, "wait", tasks);
      }
      case STREAM_READ -> streamRead(frame, future, self);
      case QUEUE_GET, QUEUE_PUT -> {
        long waiters = objects.attribute(self, kind == Kind.QUEUE_GET ? "_getters" : "_putters");
        yield new TaskWait(
            kind, future, "asyncio." + type, List.of(), null, null, self, waiterCount(waiters));
      }
      default -> {
        long waiters = objects.attribute(self, "_waiters");
        yield new TaskWait(
            kind, future, "asyncio." + type, List.of(), null, null, self, waiterCount(waiters));
      }
    };
  }

  /**
   * A stream read: the socket's fd (the selector transport's {@code _sock_fd}). Its deadline, if
   * any, is added once the task's frames have been read for {@code async with} blocks.
   */
  private TaskWait streamRead(AwaitChain.ChainFrame frame, long future, long reader)
      throws MemoryReadException {
    long transport = reader == 0 ? 0 : objects.attribute(reader, "_transport");
    long fdObject = transport == 0 ? 0 : objects.attribute(transport, "_sock_fd");
    int fd = objects.integer(fdObject).map(Long::intValue).orElse(-1);
    return new TaskWait(
        Kind.STREAM_READ,
        future,
        fd < 0 ? "stream read" : "stream read on fd " + fd,
        List.of(),
        null,
        null,
        reader,
        0,
        List.of(),
        fd);
  }

  /**
   * How many futures wait in a waiters deque (or list), counted once per deque: thousands of tasks
   * waiting on one Event share it.
   */
  private int waiterCount(long waiters) {
    if (waiters == 0) {
      return 0;
    }
    return waiterCounts.computeIfAbsent(
        waiters,
        address ->
            Math.max(
                objects.dequeLength(address).orElse(0),
                objects.sequence(address, MAX_CHILDREN).size()));
  }

  private TaskWait sleep(AwaitChain.ChainFrame frame, long future) throws MemoryReadException {
    long handle = frames.local(frame.frameAddress(), "h");
    Double left = null;
    if (handle != 0) {
      Double when = objects.floatValue(objects.attribute(handle, "_when")).orElse(null);
      if (when != null) {
        left = when - monotonicNow;
      }
    }
    long delay = frames.local(frame.frameAddress(), "delay");
    String description = "sleep";
    Double seconds =
        objects
            .floatValue(delay)
            .orElse(objects.integer(delay).map(Long::doubleValue).orElse(null));
    if (seconds != null) {
      description = "sleep(" + format(seconds) + ")";
    }
    return new TaskWait(Kind.SLEEP, future, description, List.of(), null, left, 0, 0);
  }

  private static String format(double seconds) {
    return seconds == Math.rint(seconds) && Math.abs(seconds) < 1e15
        ? Long.toString((long) seconds)
        : Double.toString(seconds);
  }

  private TaskWait executorJob(long future, long callback) throws MemoryReadException {
    long source = closureValue(callback, "Future");
    WorkerJob job = workerJobs.get(source);
    String jobState = objects.str(objects.attribute(source, "_state")).orElse(null);
    String function = null;
    TaskWait.WorkerLink worker = null;
    if (job != null) {
      function = functionName(jobFunction(job.workItem()));
      worker = new TaskWait.WorkerLink(job.nativeThreadId(), function, jobState);
    } else if (jobState != null) {
      worker = new TaskWait.WorkerLink(0, null, jobState);
    }
    String description =
        "executor job" + (function == null || function.isEmpty() ? "" : " " + function);
    return new TaskWait(Kind.EXECUTOR_JOB, future, description, List.of(), worker, null, source, 0);
  }

  /** The work item's function: {@code fn} (3.11-3.13), or the first of 3.14's {@code task}. */
  private long jobFunction(long workItem) {
    long fn = objects.attribute(workItem, "fn");
    if (fn != 0) {
      return fn;
    }
    List<Long> task = objects.sequence(objects.attribute(workItem, "task"), 1);
    return task.isEmpty() ? 0 : task.get(0);
  }

  /** The qualified name of a Python function (or of a bound method's function), else "". */
  String functionName(long function) {
    if (!ObjectReader.isPointer(function)) {
      return "";
    }
    String type = objects.typeName(function);
    if (type.equals("method")) {
      return functionName(objects.word(function + 16).orElse(0L));
    }
    if (type.equals("functools.partial")) {
      return functionName(objects.word(function + 16).orElse(0L));
    }
    if (type.equals("builtin_function_or_method")) {
      return builtinName(function);
    }
    if (!type.equals("function")) {
      return type;
    }
    return objects
        .word(function + AsyncioLayout.FUNCTION_QUALNAME)
        .flatMap(objects::str)
        .orElse("");
  }

  /**
   * A C function's name ({@code PyCFunctionObject.m_ml->ml_name}), qualified by its bound object's
   * type when it has one: {@code TextIOWrapper.readline} for {@code sys.stdin.readline}.
   */
  private String builtinName(long function) {
    long methodDef = objects.word(function + AsyncioLayout.CFUNCTION_METHOD_DEF).orElse(0L);
    String name = objects.cString(objects.word(methodDef).orElse(0L));
    if (name.isEmpty()) {
      return "builtin_function_or_method";
    }
    long self = objects.word(function + AsyncioLayout.CFUNCTION_SELF).orElse(0L);
    String owner = ObjectReader.isPointer(self) ? objects.typeName(self) : "";
    if (owner.isEmpty() || owner.equals("module")) {
      return name;
    }
    return owner.substring(owner.lastIndexOf('.') + 1) + "." + name;
  }

  /** The value of the first closure cell of {@code function} whose object has that type name. */
  private long closureValue(long function, String typeName) {
    long closure = objects.word(function + AsyncioLayout.FUNCTION_CLOSURE).orElse(0L);
    for (long cell : objects.sequence(closure, 16)) {
      long value = objects.word(cell + AsyncioLayout.CELL_REF).orElse(0L);
      if (ObjectReader.isPointer(value) && objects.isInstance(value, typeName)) {
        return value;
      }
    }
    return 0;
  }

  private static TaskWait wait(Kind kind, long future, String description, List<Long> tasks) {
    return new TaskWait(kind, future, description, tasks, null, null, 0, 0);
  }
}
