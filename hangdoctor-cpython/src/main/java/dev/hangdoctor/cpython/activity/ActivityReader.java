package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.bytecode.CallSite;
import dev.hangdoctor.cpython.bytecode.ExceptionTable;
import dev.hangdoctor.cpython.bytecode.Instruction;
import dev.hangdoctor.cpython.bytecode.Op;
import dev.hangdoctor.cpython.bytecode.OpcodeTable;
import dev.hangdoctor.cpython.layout.ExecutionLayout;
import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.objects.DictItem;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.cpython.objects.UnreadableException;
import dev.hangdoctor.cpython.walker.FrameRef;
import dev.hangdoctor.cpython.walker.WalkedThread;
import dev.hangdoctor.evidence.PythonCall;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonLock;
import dev.hangdoctor.evidence.PythonLockHold;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonWait;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what each walked thread is doing beyond its frames: the call every frame makes (named from
 * the bytecode), the callable the innermost frame is blocked in (from its value stack: a call into
 * C leaves no frame), the locks the thread holds ({@code with} blocks keep the lock's {@code
 * __exit__} on the stack, an RLock records its owner) and what it waits for (the lock its futex
 * maps back to, or the queue, event, condition, future, pool result or thread its standard-library
 * frames wait on), each object named the way the code names it. Everything is best effort: what
 * cannot be read is left out, never an error. One instance per walk.
 */
public final class ActivityReader {
  private static final int FUTEX = 202;
  private static final long FUTEX_COMMAND_MASK = 0x7f;
  private static final long FUTEX_WAIT = 0;
  private static final long FUTEX_WAIT_BITSET = 9;
  private static final int MAX_SLOTS = 256;
  private static final int NAMING_DEPTH = 8;
  private static final int MAX_THREAD_REFS = 32;
  private static final String EXIT = "__exit__";
  private static final String ENTER = "__enter__";
  private static final String ASYNC_EXIT = "__aexit__";

  /** The kernel's view of a thread's current system call, by Linux thread id. */
  @FunctionalInterface
  public interface Syscalls {
    SyscallState of(int tid);
  }

  private final Heap heap;
  private final Layout.Code codeLayout;
  private final OpcodeTable opcodes;
  private final ExecutionLayout exec;
  private final LockObjects locks;
  private final Callables callables;
  private final Syscalls syscalls;
  private final WorkerJobs jobs;
  private final Set<String> liveThreadClasses;
  private final Map<Long, Optional<CodeInfo>> codes = new HashMap<>();
  private final Map<Long, Boolean> threadTypes = new HashMap<>();
  private final Map<Long, List<Map.Entry<Long, PythonWait.ThreadRef>>> moduleThreadClasses =
      new HashMap<>();

  private ActivityReader(
      Heap heap,
      Layout.Code codeLayout,
      OpcodeTable opcodes,
      Syscalls syscalls,
      Set<String> liveThreadClasses) {
    this.liveThreadClasses = Set.copyOf(liveThreadClasses.stream().filter(c -> c != null).toList());
    this.heap = heap;
    this.codeLayout = codeLayout;
    this.opcodes = opcodes;
    this.exec = heap.exec;
    this.locks = new LockObjects(heap);
    this.callables = new Callables(heap);
    this.syscalls = syscalls;
    this.jobs = new WorkerJobs(heap, heap.exec.minor());
  }

  /** A reader for CPython 3.{@code layout.minor()}, if that version's tables are known. */
  public static Optional<ActivityReader> create(
      RemoteMemory memory,
      Layout layout,
      ObjectLayout objects,
      TypeAddresses types,
      Syscalls syscalls) {
    return create(memory, layout, objects, types, syscalls, Set.of());
  }

  /**
   * A reader as above that also knows the classes of the live {@code threading.Thread} objects, so
   * it can say of a thread class the waiting code's module defines that none of it runs.
   */
  public static Optional<ActivityReader> create(
      RemoteMemory memory,
      Layout layout,
      ObjectLayout objects,
      TypeAddresses types,
      Syscalls syscalls,
      Set<String> liveThreadClasses) {
    Optional<ExecutionLayout> exec = ExecutionLayout.forMinor(layout.minor());
    Optional<OpcodeTable> opcodes = OpcodeTable.forMinor(layout.minor());
    if (exec.isEmpty() || opcodes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ActivityReader(
            new Heap(memory, objects, exec.get(), types),
            layout.code(),
            opcodes.get(),
            syscalls,
            liveThreadClasses));
  }

  /** The threads with their calls, held locks and waits filled in, in the same order. */
  public List<PythonThread> read(List<WalkedThread> walked) {
    List<PythonThread> threads = new ArrayList<>(walked.size());
    for (WalkedThread thread : walked) {
      threads.add(read(thread));
    }
    return withRlockOwners(withoutHoldsOthersShow(threads));
  }

  private PythonThread read(WalkedThread walked) {
    PythonThread thread = walked.thread();
    List<FrameRef> refs = walked.frames();
    if (thread.problem() != null || refs.isEmpty() || refs.size() != thread.frames().size()) {
      return thread;
    }
    List<PythonFrame> frames = new ArrayList<>(thread.frames());
    List<PythonLockHold> holds = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      FrameRef ref = refs.get(i);
      Optional<CodeInfo> code = code(ref.code());
      if (code.isEmpty() || ref.unit() < 0) {
        continue;
      }
      Optional<CallSite> site = code.get().callAt(ref.unit());
      if (site.isPresent() && site.get().callee() != null) {
        String callee = site.get().callee();
        if (site.get().kind() == CallSite.Kind.WITH_ENTER) {
          callee += "." + ENTER;
        }
        PythonFrame frame = frames.get(i);
        frames.set(i, frame.withCall(frame.endLine(), frame.column(), frame.endColumn(), callee));
      }
      holds.addAll(withBlockHolds(ref, code.get(), i, frames, refs));
    }
    holds.addAll(leavingConditionHolds(frames, refs));
    holds.addAll(enteringConditionHolds(frames, refs, holds));
    PythonCall call = innermostCall(refs.get(0)).orElse(null);
    PythonWait wait = waitOf(thread.nativeThreadId(), frames, refs).orElse(null);
    PythonThread read = thread.withFrames(frames).withActivity(call, holds, wait);
    return jobs.read(frames, refs, this::localNamed).map(read::withJob).orElse(read);
  }

  /** Local {@code name} of a frame (a cell object for a cell or free variable), or 0. */
  private long localNamed(FrameRef ref, String name) {
    Optional<CodeInfo> code = code(ref.code());
    if (code.isEmpty()) {
      return 0;
    }
    try {
      long[] values = locals(ref, code.get());
      for (int i = 0; i < values.length; i++) {
        if (name.equals(code.get().localName(i))) {
          return Heap.isPointer(values[i]) ? values[i] : 0;
        }
      }
    } catch (UnreadableException e) {
      return 0;
    }
    return 0;
  }

  private Optional<CodeInfo> code(long address) {
    return codes.computeIfAbsent(
        address,
        a -> {
          try {
            return Optional.of(CodeInfo.read(heap, codeLayout, opcodes, a));
          } catch (UnreadableException | RuntimeException e) {
            return Optional.empty();
          }
        });
  }

  // ---- the value stack -------------------------------------------------------------------

  private long stackBase(FrameRef ref, CodeInfo code) {
    return ref.frame() + exec.frameLocalsPlus() + 8L * code.nLocalsPlus;
  }

  /** Value-stack slots 0 to {@code count - 1} of the frame, untagged. */
  private long[] slots(FrameRef ref, CodeInfo code, int count) throws UnreadableException {
    if (count <= 0) {
      return new long[0];
    }
    long[] slots = heap.words(stackBase(ref, code), Math.min(count, MAX_SLOTS));
    for (int i = 0; i < slots.length; i++) {
      slots[i] = heap.untag(slots[i]);
    }
    return slots;
  }

  /** The frame's locals and cells ({@code localsplus} before the value stack), untagged. */
  private long[] locals(FrameRef ref, CodeInfo code) throws UnreadableException {
    if (code.nLocalsPlus == 0) {
      return new long[0];
    }
    long[] locals =
        heap.words(ref.frame() + exec.frameLocalsPlus(), Math.min(code.nLocalsPlus, MAX_SLOTS));
    for (int i = 0; i < locals.length; i++) {
      locals[i] = heap.untag(locals[i]);
    }
    return locals;
  }

  // ---- the call the innermost frame makes ------------------------------------------------

  private Optional<PythonCall> innermostCall(FrameRef ref) {
    Optional<CodeInfo> code = code(ref.code());
    if (code.isEmpty() || ref.unit() < 0) {
      return Optional.empty();
    }
    Optional<CallSite> site = code.get().callAt(ref.unit());
    if (site.isEmpty()) {
      return Optional.empty();
    }
    boolean withEntry = site.get().kind() == CallSite.Kind.WITH_ENTER;
    String expression = site.get().callee();
    if (withEntry) {
      return Optional.of(
          new PythonCall(
              expression == null ? null : expression + "." + ENTER,
              null,
              PythonCall.TargetKind.UNKNOWN,
              managerType(ref, code.get()).orElse(null),
              true));
    }
    try {
      Optional<CallableSlot> found = callableSlot(ref, code.get(), site.get());
      if (found.isPresent()) {
        Callables.Callable callable = found.get().callable();
        String receiver = callable.boundTo();
        if (receiver == null && callable.unbound() && found.get().next() != 0) {
          receiver = typeNameOrNull(found.get().next());
        }
        if (callable.kind() != PythonCall.TargetKind.NATIVE
            && callable.kind() != PythonCall.TargetKind.PYTHON) {
          receiver = null;
        }
        return Optional.of(
            new PythonCall(expression, callable.target(), callable.kind(), receiver, false));
      }
    } catch (UnreadableException e) {
      // the callable stays unknown
    }
    return expression == null
        ? Optional.empty()
        : Optional.of(new PythonCall(expression, null, PythonCall.TargetKind.UNKNOWN, null, false));
  }

  private record CallableSlot(Callables.Callable callable, long next) {}

  /**
   * The callable of the call being made: on 3.14 at its known depth below the stack pointer, on
   * 3.11-3.13 (where the innermost frame's stack depth is not kept) the lowest slot whose callable
   * has the name the callee expression ends with.
   */
  private Optional<CallableSlot> callableSlot(FrameRef ref, CodeInfo code, CallSite site)
      throws UnreadableException {
    long[] slots = slots(ref, code, code.stackSize);
    String wanted = lastName(site.callee());
    if (exec.stackPointer() && site.argc() >= 0) {
      long pointer = heap.word(ref.frame() + exec.frameStackTop());
      long depth = (pointer - stackBase(ref, code)) / 8;
      int extra = site.op() == Op.CALL_KW ? 1 : 0;
      int at = (int) (depth - site.argc() - 2 - extra);
      if (depth >= 0 && depth <= slots.length && at >= 0 && at + 1 < slots.length) {
        Optional<Callables.Callable> callable = callables.describe(slots[at]);
        if (callable.isPresent() && (wanted == null || wanted.equals(callable.get().name()))) {
          return Optional.of(new CallableSlot(callable.get(), slots[at + 1]));
        }
      }
    }
    if (wanted == null) {
      return Optional.empty();
    }
    for (int i = 0; i < slots.length; i++) {
      if (!Heap.isPointer(slots[i])) {
        continue;
      }
      Optional<Callables.Callable> callable = callables.describe(slots[i]);
      if (callable.isPresent() && wanted.equals(callable.get().name())) {
        long next = i + 1 < slots.length ? slots[i + 1] : 0;
        return Optional.of(new CallableSlot(callable.get(), next));
      }
    }
    return Optional.empty();
  }

  private static String lastName(String expression) {
    if (expression == null || expression.endsWith(")") || expression.endsWith("]")) {
      return null;
    }
    return expression.substring(expression.lastIndexOf('.') + 1);
  }

  private String typeNameOrNull(long object) {
    if (!Heap.isPointer(object)) {
      return null;
    }
    try {
      return heap.typeName(object);
    } catch (UnreadableException e) {
      return null;
    }
  }

  /** The type of the manager a frame blocked entering a {@code with} block is entering. */
  private Optional<String> managerType(FrameRef ref, CodeInfo code) {
    try {
      long[] slots = slots(ref, code, code.stackSize);
      for (int i = 0; i < slots.length; i++) {
        Optional<Long> manager = exitManager(slots[i], i + 1 < slots.length ? slots[i + 1] : 0);
        if (manager.isPresent()) {
          return Optional.ofNullable(typeNameOrNull(manager.get()));
        }
      }
    } catch (UnreadableException e) {
      // unknown
    }
    return Optional.empty();
  }

  // ---- locks held in with blocks ----------------------------------------------------------

  /**
   * The {@code asyncio.Lock}s a suspended coroutine frame holds in {@code async with} blocks: the
   * managers of {@link #asyncWithManagers} that are locked asyncio locks (their {@code _locked} is
   * true).
   */
  public List<Long> asyncLocksHeld(FrameRef ref) {
    List<Long> held = new ArrayList<>();
    for (long manager : asyncWithManagers(ref)) {
      if (lockedAsyncioLock(manager)) {
        held.add(manager);
      }
    }
    return held;
  }

  /**
   * The managers of the {@code async with} blocks a suspended coroutine frame is inside: each
   * {@code __aexit__} on its value stack, within the depth of the handler covering the instruction
   * it is suspended at, innermost last. Empty when none or unreadable.
   */
  public List<Long> asyncWithManagers(FrameRef ref) {
    Optional<CodeInfo> code = code(ref.code());
    if (code.isEmpty() || ref.unit() < 0) {
      return List.of();
    }
    ExceptionTable.Entry entry = code.get().exceptionEntryAt(ref.unit());
    if (entry == null || entry.depth() <= 0) {
      return List.of();
    }
    List<Long> managers = new ArrayList<>();
    try {
      long[] slots = slots(ref, code.get(), Math.min(entry.depth(), code.get().stackSize));
      for (int s = 0; s < slots.length; s++) {
        long next = s + 1 < slots.length ? slots[s + 1] : 0;
        Optional<Long> manager = exitManager(slots[s], next, ASYNC_EXIT);
        if (manager.isPresent() && !managers.contains(manager.get())) {
          managers.add(manager.get());
        }
      }
    } catch (UnreadableException e) {
      // the managers found before the unreadable slot stand
    }
    return managers;
  }

  /** The type name of {@code object}, or null when unreadable. */
  public String typeName(long object) {
    return typeNameOrNull(object);
  }

  private boolean lockedAsyncioLock(long manager) {
    try {
      if (!"Lock".equals(heap.typeName(manager))) {
        return false;
      }
      long locked = heap.attribute(manager, "_locked");
      return locked != 0 && "bool".equals(heap.typeName(locked)) && heap.integer(locked) == 1;
    } catch (UnreadableException e) {
      return false;
    }
  }

  /**
   * A thread inside {@code Condition.__exit__} still holds the condition's lock until that call
   * returns: a signal handler or finalizer run at its start runs with the lock held.
   */
  private List<PythonLockHold> leavingConditionHolds(
      List<PythonFrame> frames, List<FrameRef> refs) {
    List<PythonLockHold> holds = new ArrayList<>();
    for (int i = 0; i + 1 < frames.size(); i++) {
      if (isThreading(frames.get(i), "Condition.__exit__")) {
        callerHold(frames, refs, i).ifPresent(holds::add);
      }
    }
    return holds;
  }

  /**
   * A thread with Python frames above a {@code Condition.__enter__} has come back from the
   * condition's acquire (a thread waiting in it runs no Python code), so a signal handler run as
   * that acquire returned, before the caller's {@code with} block took over the lock, runs with the
   * lock held: the caller's frame holds it. The one other way to have frames there, a handler run
   * while the acquire still waits (the acquire runs pending handlers when a signal interrupts it),
   * leaves the lock held by another thread; {@link #withoutHoldsOthersShow} drops the hold then.
   */
  private List<PythonLockHold> enteringConditionHolds(
      List<PythonFrame> frames, List<FrameRef> refs, List<PythonLockHold> found) {
    List<PythonLockHold> holds = new ArrayList<>();
    for (int i = 1; i + 1 < frames.size(); i++) {
      if (isThreading(frames.get(i), "Condition.__enter__")) {
        callerHold(frames, refs, i)
            .filter(
                hold -> found.stream().noneMatch(h -> h.lock().address() == hold.lock().address()))
            .ifPresent(holds::add);
      }
    }
    return holds;
  }

  /**
   * The lock of the condition whose method frame {@code i} runs, held by the frame that called it
   * (the {@code with} statement's), when the lock is held at all.
   */
  private Optional<PythonLockHold> callerHold(
      List<PythonFrame> frames, List<FrameRef> refs, int i) {
    long condition = selfOf(refs.get(i));
    Optional<PythonLock> lock = condition == 0 ? Optional.empty() : lockOfManager(condition);
    if (lock.isEmpty() || !Boolean.TRUE.equals(lock.get().held())) {
      return Optional.empty();
    }
    return Optional.of(
        new PythonLockHold(
            lock.get().withName(callerName(frames, i + 1)),
            i + 1,
            frames.get(i + 1).line(),
            PythonLockHold.How.WITH_BLOCK));
  }

  /**
   * The threads without the holds {@link #enteringConditionHolds} inferred for a lock another
   * thread is seen holding: that thread's acquire is the one that returned.
   */
  private static List<PythonThread> withoutHoldsOthersShow(List<PythonThread> threads) {
    List<PythonThread> result = new ArrayList<>(threads.size());
    for (PythonThread thread : threads) {
      List<PythonLockHold> kept = new ArrayList<>();
      for (PythonLockHold hold : thread.holds()) {
        boolean inferred =
            hold.frame() >= 1
                && hold.frame() - 1 < thread.frames().size()
                && isThreading(thread.frames().get(hold.frame() - 1), "Condition.__enter__");
        boolean shownElsewhere =
            threads.stream()
                .filter(other -> other != thread)
                .flatMap(other -> other.holds().stream())
                .anyMatch(other -> other.lock().address() == hold.lock().address());
        if (!(inferred && shownElsewhere)) {
          kept.add(hold);
        }
      }
      result.add(
          kept.size() == thread.holds().size()
              ? thread
              : thread.withActivity(thread.call(), kept, thread.waitsFor()));
    }
    return result;
  }

  private static boolean isThreading(PythonFrame frame, String qualifiedName) {
    return frame.file() != null
        && frame.file().endsWith("/threading.py")
        && qualifiedName.equals(frame.qualifiedName());
  }

  /**
   * True when a frame inward of {@code frameIndex} is a {@code Condition.wait} on {@code manager}:
   * the wait released the condition's lock, whatever the with block's slot still holds.
   */
  private boolean releasedByWait(
      long manager, int frameIndex, List<PythonFrame> frames, List<FrameRef> refs) {
    for (int i = 0; i < frameIndex && i < frames.size(); i++) {
      PythonFrame frame = frames.get(i);
      if ((isThreading(frame, "Condition.wait") || isThreading(frame, "Condition.wait_for"))
          && selfOf(refs.get(i)) == manager) {
        return true;
      }
    }
    return false;
  }

  private List<PythonLockHold> withBlockHolds(
      FrameRef ref, CodeInfo code, int frameIndex, List<PythonFrame> frames, List<FrameRef> refs) {
    ExceptionTable.Entry entry = code.exceptionEntryAt(ref.unit());
    if (entry == null || entry.depth() <= 0) {
      return List.of();
    }
    List<PythonLockHold> holds = new ArrayList<>();
    try {
      long[] slots = slots(ref, code, Math.min(entry.depth(), code.stackSize));
      for (int s = 0; s < slots.length; s++) {
        long next = s + 1 < slots.length ? slots[s + 1] : 0;
        Optional<Long> manager = exitManager(slots[s], next);
        if (manager.isEmpty()) {
          continue;
        }
        Optional<PythonLock> lock = lockOfManager(manager.get());
        if (lock.isEmpty()
            || Boolean.FALSE.equals(lock.get().held())
            || releasedByWait(manager.get(), frameIndex, frames, refs)) {
          // a Condition.wait() releases the condition's lock while it waits
          continue;
        }
        WithStatement with = withStatementFor(code, ref.unit(), s);
        PythonLock named = lock.get().withName(with == null ? null : with.manager());
        holds.add(
            new PythonLockHold(
                named, frameIndex, with == null ? -1 : with.line(), PythonLockHold.How.WITH_BLOCK));
      }
    } catch (UnreadableException e) {
      // the holds found before the unreadable slot stand
    }
    return holds;
  }

  /**
   * The context manager whose {@code __exit__} value-stack slot this is: on 3.11-3.13 a bound
   * builtin {@code __exit__} (its {@code m_self}) or bound method {@code __exit__} (its {@code
   * im_self}); on 3.14 an unbound {@code __exit__} followed by the manager in the next slot.
   */
  private Optional<Long> exitManager(long slot, long next) {
    return exitManager(slot, next, EXIT);
  }

  /** As {@link #exitManager(long, long)}, for the exit method named {@code exit}. */
  private Optional<Long> exitManager(long slot, long next, String exit) {
    if (!Heap.isPointer(slot)) {
      return Optional.empty();
    }
    try {
      String type = heap.typeName(slot);
      switch (type) {
        case "builtin_function_or_method" -> {
          long definition = heap.word(slot + ExecutionLayout.CFUNCTION_METHOD_DEF);
          if (exit.equals(heap.cString(heap.word(definition)))) {
            return Optional.of(heap.word(slot + ExecutionLayout.CFUNCTION_SELF));
          }
        }
        case "method" -> {
          long function = heap.word(slot + ExecutionLayout.METHOD_FUNCTION);
          if ("function".equals(heap.typeName(function))
              && exit.equals(heap.str(heap.word(function + ExecutionLayout.FUNCTION_NAME)))) {
            return Optional.of(heap.word(slot + ExecutionLayout.METHOD_SELF));
          }
        }
        case "method_descriptor", "wrapper_descriptor" -> {
          if (exec.stackPointer()
              && Heap.isPointer(next)
              && exit.equals(heap.str(heap.word(slot + ExecutionLayout.DESCRIPTOR_NAME)))) {
            return Optional.of(next);
          }
        }
        case "function" -> {
          if (exec.stackPointer()
              && Heap.isPointer(next)
              && exit.equals(heap.str(heap.word(slot + ExecutionLayout.FUNCTION_NAME)))) {
            return Optional.of(next);
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    } catch (UnreadableException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * A lock manager itself, or the lock a {@code Condition} (or anything with {@code _lock}) wraps.
   */
  private Optional<PythonLock> lockOfManager(long manager) {
    Optional<PythonLock> direct = locks.read(manager);
    if (direct.isPresent()) {
      return direct;
    }
    try {
      long inner = heap.attribute(manager, "_lock");
      return inner == 0 ? Optional.empty() : locks.read(inner);
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  private record WithStatement(int line, String manager) {}

  /**
   * The {@code with} statement whose {@code __exit__} sits in value-stack slot {@code slot} while
   * the frame executes unit {@code unit}: the latest {@code with} entry before it whose body's
   * exception-table depth puts the exit in that slot.
   */
  private WithStatement withStatementFor(CodeInfo code, int unit, int slot) {
    WithStatement found = null;
    List<Instruction> instructions = code.instructions;
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      if (instruction.index() >= unit) {
        break;
      }
      boolean entry =
          instruction.op() == Op.BEFORE_WITH
              || (instruction.op() == Op.CALL
                  && i > 0
                  && instructions.get(i - 1).op() == Op.LOAD_SPECIAL
                  && instructions.get(i - 1).oparg() == 0);
      if (!entry) {
        continue;
      }
      ExceptionTable.Entry body = code.exceptionEntryAt(instruction.end());
      if (body == null) {
        continue;
      }
      int exitSlot = body.depth() - (exec.stackPointer() ? 2 : 1);
      if (exitSlot == slot) {
        Optional<CallSite> site = code.callAt(instruction.index());
        found =
            new WithStatement(
                code.positionAt(instruction.index()).line(),
                site.map(CallSite::callee).orElse(null));
      }
    }
    return found;
  }

  // ---- what the thread waits for -----------------------------------------------------------

  private Optional<PythonWait> waitOf(int tid, List<PythonFrame> frames, List<FrameRef> refs) {
    Optional<WaitShapes.Shape> shape = WaitShapes.of(frames);
    if (shape.isPresent()) {
      return Optional.of(shapedWait(shape.get(), frames, refs));
    }
    return lockWait(tid, frames, refs);
  }

  private PythonWait shapedWait(
      WaitShapes.Shape shape, List<PythonFrame> frames, List<FrameRef> refs) {
    int index = shape.frame();
    long self = shape.selfIsObject() ? selfOf(refs.get(index)) : 0;
    String name = callerName(frames, index + 1);
    if (name == null && self != 0) {
      name = nameInFrames(self, refs, index + 1);
    }
    PythonWait wait =
        switch (shape.kind()) {
          case THREAD_JOIN ->
              new PythonWait(
                  shape.kind(),
                  index,
                  self,
                  shape.objectType(),
                  name,
                  null,
                  threadIdent(self),
                  null);
          case POOL_RESULT ->
              new PythonWait(
                  shape.kind(), index, self, shape.objectType(), name, null, 0, poolState(self));
          default -> PythonWait.on(shape.kind(), index, self, shape.objectType(), name);
        };
    return shape.kind() == PythonWait.Kind.THREAD_JOIN
        ? wait
        : wait.withThreads(threadsReferenced(refs, index + 1));
  }

  /**
   * The {@code threading.Thread} objects the frames from {@code from} outward refer to: locals,
   * items of local lists and tuples, and attributes of their {@code self}.
   */
  private List<PythonWait.ThreadRef> threadsReferenced(List<FrameRef> refs, int from) {
    Map<Long, PythonWait.ThreadRef> found = new LinkedHashMap<>();
    for (int i = Math.max(0, from); i < Math.min(refs.size(), from + NAMING_DEPTH); i++) {
      FrameRef ref = refs.get(i);
      Optional<CodeInfo> code = code(ref.code());
      if (code.isEmpty()) {
        continue;
      }
      try {
        long[] locals = locals(ref, code.get());
        for (int k = 0; k < locals.length; k++) {
          String local = code.get().localName(k);
          collectThreads(locals[k], local, found, true);
          if (k == 0 && "self".equals(local) && Heap.isPointer(locals[k])) {
            for (DictItem item : attributesOf(locals[k])) {
              String attribute = heap.str(item.key());
              collectThreads(item.value(), "self." + attribute, found, true);
            }
          }
        }
      } catch (UnreadableException e) {
        // the frames read so far stand
      }
      idleThreadClasses(ref, found);
    }
    return List.copyOf(found.values());
  }

  /**
   * The {@code threading.Thread} subclasses the frame's module defines of which no thread runs, as
   * references with ident -1: a producer class whose only thread died leaves just its class.
   */
  private void idleThreadClasses(FrameRef ref, Map<Long, PythonWait.ThreadRef> found) {
    try {
      long globals = heap.word(ref.frame() + exec.frameGlobals());
      if (!Heap.isPointer(globals)) {
        return;
      }
      for (Map.Entry<Long, PythonWait.ThreadRef> idle : idleThreadClassesOf(globals)) {
        if (found.size() >= MAX_THREAD_REFS) {
          return;
        }
        found.putIfAbsent(idle.getKey(), idle.getValue());
      }
    } catch (UnreadableException e) {
      // no globals to look at
    }
  }

  /**
   * The idle thread classes among one module's globals, by class address, read once per walk: every
   * thread of a pool waits in the same modules, and each look at a module reads all its globals (a
   * thousand threads in {@code threading} made this most of a dump's reads).
   */
  private List<Map.Entry<Long, PythonWait.ThreadRef>> idleThreadClassesOf(long globals) {
    List<Map.Entry<Long, PythonWait.ThreadRef>> cached = moduleThreadClasses.get(globals);
    if (cached != null) {
      return cached;
    }
    Map<Long, PythonWait.ThreadRef> classes = new LinkedHashMap<>();
    try {
      for (DictItem item : heap.dictItems(globals)) {
        long value = item.value();
        if (classes.containsKey(value) || !isClass(value)) {
          continue;
        }
        String name = heap.nameOfType(value);
        if (!THREADING_CLASSES.contains(name)
            && isThread(value)
            && !liveThreadClasses.contains(name)) {
          classes.put(value, new PythonWait.ThreadRef(heap.str(item.key()), name, null, -1));
        }
      }
    } catch (UnreadableException e) {
      // the classes read before the unreadable item stand
    }
    cached = List.copyOf(classes.entrySet());
    moduleThreadClasses.put(globals, cached);
    return cached;
  }

  private boolean isClass(long object) {
    if (!Heap.isPointer(object)) {
      return false;
    }
    try {
      return "type".equals(heap.nameOfType(heap.typeOf(object)));
    } catch (UnreadableException e) {
      return false;
    }
  }

  private static final Set<String> THREADING_CLASSES =
      Set.of("Thread", "_MainThread", "_DummyThread", "Timer", "_DeleteDummyThreadOnDel");

  private List<DictItem> attributesOf(long object) {
    try {
      return heap.attributes(object);
    } catch (UnreadableException e) {
      return List.of();
    }
  }

  private void collectThreads(
      long value, String name, Map<Long, PythonWait.ThreadRef> found, boolean descend) {
    if (!Heap.isPointer(value) || found.containsKey(value) || found.size() >= MAX_THREAD_REFS) {
      return;
    }
    try {
      String type = heap.typeName(value);
      if (("list".equals(type) || "tuple".equals(type)) && descend) {
        List<Long> items = "list".equals(type) ? heap.listItems(value) : tupleItems(value);
        for (int i = 0; i < Math.min(items.size(), MAX_THREAD_REFS); i++) {
          collectThreads(items.get(i), name + "[" + i + "]", found, false);
        }
        return;
      }
      if (!isThread(heap.typeOf(value))) {
        if (descend && !"self".equals(name) && !name.startsWith("self.")) {
          for (DictItem item : attributesOf(value)) {
            long attribute = item.value();
            if (Heap.isPointer(attribute) && isThread(heap.typeOf(attribute))) {
              collectThreads(attribute, name + "." + heap.str(item.key()), found, false);
            }
          }
        }
        return;
      }
      long ident = heap.attribute(value, "_ident");
      long nameObject = heap.attribute(value, "_name");
      found.put(
          value,
          new PythonWait.ThreadRef(
              name,
              type,
              Heap.isPointer(nameObject) ? heap.str(nameObject) : null,
              Heap.isPointer(ident) ? heap.integer(ident) : 0));
    } catch (UnreadableException e) {
      // not a readable thread object
    }
  }

  private List<Long> tupleItems(long tuple) throws UnreadableException {
    List<Long> items = new ArrayList<>();
    int size = heap.tupleSize(tuple);
    for (int i = 0; i < Math.min(size, MAX_THREAD_REFS); i++) {
      items.add(heap.tupleItem(tuple, i));
    }
    return items;
  }

  /** True when {@code type} is {@code threading.Thread} or derives from it. */
  private boolean isThread(long type) {
    return threadTypes.computeIfAbsent(
        type,
        t -> {
          try {
            long mro = heap.word(t + ExecutionLayout.TYPE_MRO);
            if (!Heap.isPointer(mro)) {
              return false;
            }
            int size = heap.tupleSize(mro);
            for (int i = 0; i < Math.min(size, 64); i++) {
              long base = heap.tupleItem(mro, i);
              if (Heap.isPointer(base) && "Thread".equals(heap.nameOfType(base))) {
                return true;
              }
            }
            return false;
          } catch (UnreadableException e) {
            return false;
          }
        });
  }

  /** The object in local 0 ({@code self}) of a frame, or 0. */
  private long selfOf(FrameRef ref) {
    try {
      long self = heap.untag(heap.word(ref.frame() + exec.frameLocalsPlus()));
      return Heap.isPointer(self) ? self : 0;
    } catch (UnreadableException e) {
      return 0;
    }
  }

  /**
   * The object a frame's call is made on, as that frame names it: {@code self.jobs} for a frame
   * calling {@code self.jobs.get}; null when the frame is not calling a method of a named object.
   */
  private static String callerName(List<PythonFrame> frames, int index) {
    if (index >= frames.size()) {
      return null;
    }
    String call = frames.get(index).call();
    if (call == null || call.endsWith(")") || call.endsWith("]")) {
      return null;
    }
    int dot = call.lastIndexOf('.');
    return dot <= 0 ? null : call.substring(0, dot);
  }

  private long threadIdent(long thread) {
    if (thread == 0) {
      return 0;
    }
    try {
      long ident = heap.attribute(thread, "_ident");
      return ident == 0 ? 0 : heap.integer(ident);
    } catch (UnreadableException e) {
      return 0;
    }
  }

  private PythonWait.PoolState poolState(long result) {
    if (result == 0) {
      return null;
    }
    try {
      long pool = heap.attribute(result, "_pool");
      if (!Heap.isPointer(pool)) {
        return null;
      }
      List<Integer> pids = new ArrayList<>();
      long workers = heap.attribute(pool, "_pool");
      if (Heap.isPointer(workers)) {
        for (long process : heap.listItems(workers)) {
          try {
            long popen = heap.attribute(process, "_popen");
            long pid = Heap.isPointer(popen) ? heap.attribute(popen, "pid") : 0;
            if (Heap.isPointer(pid)) {
              pids.add((int) heap.integer(pid));
            }
          } catch (UnreadableException e) {
            // a worker being replaced: left out
          }
        }
      }
      long state = heap.attribute(pool, "_state");
      String stateText = null;
      if (Heap.isPointer(state)) {
        try {
          stateText = heap.str(state);
        } catch (UnreadableException e) {
          stateText = null;
        }
      }
      return new PythonWait.PoolState(
          pids,
          threadIdent(heap.attribute(pool, "_worker_handler")),
          threadIdent(heap.attribute(pool, "_task_handler")),
          threadIdent(heap.attribute(pool, "_result_handler")),
          stateText);
    } catch (UnreadableException e) {
      return null;
    }
  }

  /**
   * A thread in an untimed-or-timed futex wait that is no recognised wait: the lock its futex word
   * belongs to, found as the parked waiter's entry (3.13+ {@code PyMutex}) or as the {@code sem_t}
   * of a lock on the value stack or among the locals of its two innermost frames; the syscall is
   * read again afterwards and must not have changed.
   */
  private Optional<PythonWait> lockWait(int tid, List<PythonFrame> frames, List<FrameRef> refs) {
    SyscallState before = syscalls.of(tid);
    if (!isFutexWait(before)) {
      return Optional.empty();
    }
    long futex = before.arguments().get(0);
    long lockAddress = locks.parkedOn(futex).orElse(0L);
    if (lockAddress == 0) {
      lockAddress = semaphoreOwner(futex, refs);
    }
    if (lockAddress == 0 || !before.equals(syscalls.of(tid))) {
      return Optional.empty();
    }
    Optional<PythonLock> lock = locks.read(lockAddress);
    if (lock.isEmpty()) {
      return Optional.empty();
    }
    int frame = firstUserFrame(frames);
    String name = lockName(frames, frame);
    if (name == null) {
      name = nameInFrames(lockAddress, refs, frame);
    }
    PythonLock named = lock.get().withName(name);
    return Optional.of(
        new PythonWait(
            PythonWait.Kind.LOCK, frame, lockAddress, named.type(), name, named, 0, null));
  }

  private static boolean isFutexWait(SyscallState call) {
    if (call == null
        || call.status() != SyscallState.Status.IN_SYSCALL
        || call.number() != FUTEX
        || call.arguments().size() < 2) {
      return false;
    }
    long command = call.arguments().get(1) & FUTEX_COMMAND_MASK;
    return command == FUTEX_WAIT || command == FUTEX_WAIT_BITSET;
  }

  private long semaphoreOwner(long futex, List<FrameRef> refs) {
    for (int i = 0; i < Math.min(2, refs.size()); i++) {
      FrameRef ref = refs.get(i);
      Optional<CodeInfo> code = code(ref.code());
      if (code.isEmpty()) {
        continue;
      }
      try {
        List<Long> candidates = new ArrayList<>();
        for (long value : slots(ref, code.get(), code.get().stackSize)) {
          candidates.add(value);
        }
        for (long value : locals(ref, code.get())) {
          candidates.add(value);
        }
        for (long candidate : candidates) {
          for (long object : lockCandidates(candidate)) {
            if (locks.semaphoreOf(object) == futex) {
              return object;
            }
          }
        }
      } catch (UnreadableException e) {
        // next frame
      }
    }
    return 0;
  }

  /**
   * An object and, for a bound method of one (a lock's {@code acquire}), the object it is bound to.
   */
  private List<Long> lockCandidates(long value) {
    if (!Heap.isPointer(value)) {
      return List.of();
    }
    List<Long> result = new ArrayList<>(2);
    result.add(value);
    try {
      String type = heap.typeName(value);
      if ("builtin_function_or_method".equals(type)) {
        result.add(heap.word(value + ExecutionLayout.CFUNCTION_SELF));
      } else if ("method".equals(type)) {
        result.add(heap.word(value + ExecutionLayout.METHOD_SELF));
      }
    } catch (UnreadableException e) {
      // just the value
    }
    return result;
  }

  /** The innermost frame outside the standard library, or 0 when all of them are in it. */
  private static int firstUserFrame(List<PythonFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (!WaitShapes.isStandardLibrary(frames.get(i))) {
        return i;
      }
    }
    return 0;
  }

  /** {@code self._lock} for a frame calling {@code self._lock.acquire} or entering its with. */
  private static String lockName(List<PythonFrame> frames, int index) {
    if (index >= frames.size()) {
      return null;
    }
    String call = frames.get(index).call();
    if (call == null) {
      return null;
    }
    for (String method : List.of(".acquire", "." + ENTER)) {
      if (call.endsWith(method) && call.length() > method.length()) {
        return call.substring(0, call.length() - method.length());
      }
    }
    return null;
  }

  /**
   * How the frames from {@code from} outward name {@code object}: a local ({@code lock}), an
   * attribute of their {@code self} ({@code self._lock}), or a module global ({@code LOCK}).
   */
  private String nameInFrames(long object, List<FrameRef> refs, int from) {
    for (int i = Math.max(0, from); i < Math.min(refs.size(), from + NAMING_DEPTH); i++) {
      FrameRef ref = refs.get(i);
      Optional<CodeInfo> code = code(ref.code());
      if (code.isEmpty()) {
        continue;
      }
      try {
        long[] locals = locals(ref, code.get());
        for (int k = 0; k < locals.length; k++) {
          if (locals[k] == object) {
            String name = code.get().localName(k);
            if (name != null) {
              return name;
            }
          }
        }
        if (locals.length > 0 && "self".equals(code.get().localName(0))) {
          String attribute = heap.attributeHolding(locals[0], object);
          if (attribute != null) {
            return "self." + attribute;
          }
        }
        long globals = heap.word(ref.frame() + exec.frameGlobals());
        if (Heap.isPointer(globals)) {
          for (DictItem item : heap.dictItems(globals)) {
            if (item.value() == object) {
              return heap.str(item.key());
            }
          }
        }
      } catch (UnreadableException e) {
        // the next frame may still name it
      }
    }
    return null;
  }

  // ---- RLock owners --------------------------------------------------------------------------

  /**
   * Adds to each thread the RLocks that record it as their owner (seen waited for or held anywhere)
   * but that no {@code with} block of its own shows.
   */
  private static List<PythonThread> withRlockOwners(List<PythonThread> threads) {
    Map<Long, PythonLock> rlocks = new LinkedHashMap<>();
    for (PythonThread thread : threads) {
      for (PythonLockHold hold : thread.holds()) {
        if (hold.lock().reentrant() && hold.lock().ownerThreadId() != 0) {
          rlocks.putIfAbsent(hold.lock().address(), hold.lock());
        }
      }
      PythonWait wait = thread.waitsFor();
      if (wait != null && wait.lock() != null && wait.lock().reentrant()) {
        if (wait.lock().ownerThreadId() != 0) {
          rlocks.putIfAbsent(wait.lock().address(), wait.lock());
        }
      }
    }
    if (rlocks.isEmpty()) {
      return threads;
    }
    List<PythonThread> result = new ArrayList<>(threads.size());
    for (PythonThread thread : threads) {
      List<PythonLockHold> holds = new ArrayList<>(thread.holds());
      for (PythonLock lock : rlocks.values()) {
        boolean shown = holds.stream().anyMatch(h -> h.lock().address() == lock.address());
        if (lock.ownerThreadId() == thread.threadId() && !shown) {
          holds.add(new PythonLockHold(lock, -1, -1, PythonLockHold.How.RLOCK_OWNER));
        }
      }
      result.add(
          holds.size() == thread.holds().size()
              ? thread
              : thread.withActivity(thread.call(), holds, thread.waitsFor()));
    }
    return result;
  }
}
