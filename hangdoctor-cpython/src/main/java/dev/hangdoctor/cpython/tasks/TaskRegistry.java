package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the addresses of every pending asyncio task, where the version registers them: the {@code
 * _asyncio} WeakSets and eager set (3.11-3.13; also the pure-Python sets of 3.14), or 3.14's
 * per-thread and per-interpreter linked lists. Also the running loop and running task per thread.
 */
final class TaskRegistry {
  static final int MAX_TASKS = 200_000;

  private final RemoteMemory memory;
  private final ObjectReader objects;
  private final AsyncioLayout layout;

  TaskRegistry(RemoteMemory memory, ObjectReader objects, AsyncioLayout layout) {
    this.memory = memory;
    this.objects = objects;
    this.layout = layout;
  }

  /** Pending task addresses, in registry order, without duplicates. */
  Set<Long> tasks(long interpreter, List<FrameAccess.ThreadFrames> threads)
      throws MemoryReadException {
    Set<Long> tasks = new LinkedHashSet<>();
    long asyncioC = objects.module(interpreter, "_asyncio");
    long asyncioTasks = objects.module(interpreter, "asyncio.tasks");
    switch (layout.registry()) {
      case ALL_TASKS_WEAKSET -> weakSet(objects.moduleGlobal(asyncioC, "_all_tasks"), tasks);
      case SCHEDULED_AND_EAGER -> {
        weakSet(objects.moduleGlobal(asyncioC, "_scheduled_tasks"), tasks);
        plainSet(objects.moduleGlobal(asyncioC, "_eager_tasks"), tasks);
      }
      case THREAD_LISTS -> {
        for (FrameAccess.ThreadFrames thread : threads) {
          linkedList(thread.threadState() + layout.threadTasksHead(), tasks);
        }
        linkedList(interpreter + layout.interpreterTasksHead(), tasks);
        weakSet(objects.moduleGlobal(asyncioTasks, "_scheduled_tasks"), tasks);
        plainSet(objects.moduleGlobal(asyncioTasks, "_eager_tasks"), tasks);
      }
    }
    return tasks;
  }

  /** The task currently running on each loop ({@code loop → task}). */
  Map<Long, Long> runningTasks(long interpreter, List<FrameAccess.ThreadFrames> threads)
      throws MemoryReadException {
    Map<Long, Long> running = new HashMap<>();
    if (layout.registry() == AsyncioLayout.Registry.THREAD_LISTS) {
      for (FrameAccess.ThreadFrames thread : threads) {
        long loop = memory.readLong(thread.threadState() + layout.threadRunningLoop());
        long task = memory.readLong(thread.threadState() + layout.threadRunningTask());
        if (ObjectReader.isPointer(loop) && ObjectReader.isPointer(task)) {
          running.put(loop, task);
        }
      }
      return running;
    }
    long current = objects.moduleGlobal(objects.module(interpreter, "_asyncio"), "_current_tasks");
    for (long[] entry : objects.dictEntries(current)) {
      running.put(entry[0], entry[1]);
    }
    return running;
  }

  /** The running loop of each thread state on 3.14 ({@code thread state → loop}), else empty. */
  Map<Long, Long> runningLoops(List<FrameAccess.ThreadFrames> threads) throws MemoryReadException {
    Map<Long, Long> loops = new HashMap<>();
    if (layout.threadRunningLoop() == AsyncioLayout.ABSENT) {
      return loops;
    }
    for (FrameAccess.ThreadFrames thread : threads) {
      long loop = memory.readLong(thread.threadState() + layout.threadRunningLoop());
      if (ObjectReader.isPointer(loop)) {
        loops.put(thread.threadState(), loop);
      }
    }
    return loops;
  }

  private void weakSet(long weakSet, Set<Long> into) {
    if (!ObjectReader.isPointer(weakSet)) {
      return;
    }
    long data = objects.attribute(weakSet, "data");
    for (long ref : objects.setMembers(data, MAX_TASKS)) {
      long referent = objects.word(ref + AsyncioLayout.WEAKREF_OBJECT).orElse(0L);
      if (ObjectReader.isPointer(referent) && !objects.typeName(referent).equals("NoneType")) {
        into.add(referent);
      }
    }
  }

  private void plainSet(long set, Set<Long> into) {
    if (ObjectReader.isPointer(set) && objects.typeName(set).equals("set")) {
      into.addAll(objects.setMembers(set, MAX_TASKS));
    }
  }

  private void linkedList(long head, Set<Long> into) throws MemoryReadException {
    List<Long> found = new ArrayList<>();
    long node = memory.readLong(head);
    long previous = head;
    while (node != head && ObjectReader.isPointer(node) && found.size() < MAX_TASKS) {
      if (memory.readLong(node + 8) != previous) {
        break;
      }
      found.add(node - layout.taskNode());
      previous = node;
      node = memory.readLong(node);
    }
    into.addAll(found);
  }
}
