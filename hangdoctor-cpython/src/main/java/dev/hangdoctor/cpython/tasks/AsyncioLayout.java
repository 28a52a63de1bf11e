package dev.hangdoctor.cpython.tasks;

/**
 * Every offset the task reader follows in one CPython minor version (x86_64, GIL build): the C
 * {@code _asyncio.Future}/{@code Task} structs, coroutine objects and their embedded frames, and
 * where the live tasks are registered. {@link #ABSENT} marks a field the version does not have.
 *
 * @param futLoop {@code fut_loop}
 * @param futCallback0 {@code fut_callback0}: the first done-callback
 * @param futState {@code fut_state} (int: 0 pending, 1 cancelled, 2 finished)
 * @param futException {@code fut_exception}
 * @param futAwaitedBy 3.14 {@code fut_awaited_by}: one waiter or a set of waiters
 * @param futAwaitedByIsSet 3.14 {@code fut_awaited_by_is_set} (byte)
 * @param taskFutWaiter {@code task_fut_waiter}: the future the task is blocked on
 * @param taskCoro {@code task_coro}
 * @param taskName {@code task_name} (str, or the int counter of an auto-named task on 3.12+)
 * @param taskCancelsRequested {@code task_num_cancels_requested}
 * @param taskNode 3.14 {@code task_node}: the link in the per-thread task list
 * @param taskSize bytes to read to cover every task field
 * @param genFrameState {@code gi_frame_state} (int8)
 * @param genFrame {@code gi_iframe}: the embedded {@code _PyInterpreterFrame}
 * @param frameStackTop 3.11-3.13 {@code stacktop} (int count of slots in use); 3.14 {@code
 *     stackpointer} (pointer past the top)
 * @param stackTopIsPointer whether {@link #frameStackTop} is 3.14's pointer
 * @param resumeOpcode {@code RESUME}'s opcode, checked after {@code prev_instr} on 3.11/3.12
 * @param resumeQuickOpcode 3.11's {@code RESUME_QUICK}, what {@code RESUME} becomes once the code
 *     is quickened; {@link #ABSENT} when the version has none
 * @param checkResume whether a state of -1 is ambiguous (plain yield or await) and needs the check
 * @param registry where the pending tasks are registered
 * @param threadRunningLoop 3.14 {@code _PyThreadStateImpl.asyncio_running_loop}
 * @param threadRunningTask 3.14 {@code asyncio_running_task}
 * @param threadTasksHead 3.14 {@code asyncio_tasks_head}
 * @param interpreterTasksHead 3.14 {@code PyInterpreterState.asyncio_tasks_head}
 */
public record AsyncioLayout(
    int minor,
    int futLoop,
    int futCallback0,
    int futState,
    int futException,
    int futAwaitedBy,
    int futAwaitedByIsSet,
    int taskFutWaiter,
    int taskCoro,
    int taskName,
    int taskCancelsRequested,
    int taskNode,
    int taskSize,
    int genFrameState,
    int genFrame,
    int frameStackTop,
    boolean stackTopIsPointer,
    int resumeOpcode,
    int resumeQuickOpcode,
    boolean checkResume,
    Registry registry,
    int threadRunningLoop,
    int threadRunningTask,
    int threadTasksHead,
    int interpreterTasksHead) {

  /** Marks a field the version does not have. */
  public static final int ABSENT = -1;

  /** {@code FutureIter.future}: the future an {@code await} of a C future is suspended on. */
  public static final int FUTURE_ITER_FUTURE = 16;

  /** {@code PyFunctionObject.func_qualname}. */
  public static final int FUNCTION_QUALNAME = 40;

  /** {@code PyFunctionObject.func_closure}: a tuple of cells. */
  public static final int FUNCTION_CLOSURE = 72;

  /** {@code PyCFunctionObject.m_ml}: the {@code PyMethodDef}, whose first field is the name. */
  public static final int CFUNCTION_METHOD_DEF = 16;

  /** {@code PyCFunctionObject.m_self}: the object a built-in method is bound to. */
  public static final int CFUNCTION_SELF = 24;

  /** {@code PyCellObject.ob_ref}. */
  public static final int CELL_REF = 16;

  /** {@code PyWeakReference.wr_object}. */
  public static final int WEAKREF_OBJECT = 16;

  /** {@code gi_frame_state} of a coroutine suspended inside {@code await} / {@code yield from}. */
  public static final int SUSPENDED = -1;

  /** {@code gi_frame_state} of a coroutine executing now. */
  public static final int EXECUTING = 0;

  /** Where a version keeps its pending tasks. */
  public enum Registry {
    /** 3.11: the {@code WeakSet} {@code _asyncio._all_tasks}. */
    ALL_TASKS_WEAKSET,
    /** 3.12/3.13: {@code _asyncio._scheduled_tasks} (WeakSet) and {@code _eager_tasks} (set). */
    SCHEDULED_AND_EAGER,
    /** 3.14: a linked list per thread state, plus one per interpreter. */
    THREAD_LISTS
  }
}
