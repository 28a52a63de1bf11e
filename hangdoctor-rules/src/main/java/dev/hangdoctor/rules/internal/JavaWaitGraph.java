package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who waits for whom among the Java threads of one dump: an edge from each thread blocked entering
 * a monitor, parked on a lock, or waiting for a class's initialisation to the thread that holds it
 * (as the dump resolved it). Every thread waits for at most one thing, so a cycle is found by
 * following the edges. Object waits ({@code Object.wait()}) have no holder and no edge.
 */
public final class JavaWaitGraph {
  private final Map<String, JavaThread> byName = new HashMap<>();
  private final Map<JavaThread, JavaThread> waitsFor = new HashMap<>();

  public JavaWaitGraph(List<JavaThread> threads) {
    for (JavaThread thread : threads) {
      byName.putIfAbsent(thread.name(), thread);
    }
    for (JavaThread thread : threads) {
      JavaLockWait wait = thread.waitingFor();
      if (wait == null || !wait.hasOwner() || wait.kind() == JavaLockWait.Kind.OBJECT_WAIT) {
        continue;
      }
      JavaThread owner = ownerOf(threads, wait);
      if (owner != null && owner != thread) {
        waitsFor.put(thread, owner);
      }
    }
  }

  /** The thread {@code thread} waits for, or {@code null}. */
  public JavaThread holderOf(JavaThread thread) {
    return waitsFor.get(thread);
  }

  /** The threads that wait for a lock {@code holder} holds. */
  public List<JavaThread> waitersOf(JavaThread holder) {
    List<JavaThread> waiters = new ArrayList<>();
    waitsFor.forEach(
        (waiter, owner) -> {
          if (owner == holder) {
            waiters.add(waiter);
          }
        });
    waiters.sort((a, b) -> Integer.compare(a.nativeThreadId(), b.nativeThreadId()));
    return waiters;
  }

  /** Every cycle, each once, starting at its thread with the lowest Linux thread id. */
  public List<List<JavaThread>> cycles() {
    List<List<JavaThread>> cycles = new ArrayList<>();
    Set<JavaThread> done = new LinkedHashSet<>();
    List<JavaThread> starts = new ArrayList<>(waitsFor.keySet());
    starts.sort((a, b) -> Integer.compare(a.nativeThreadId(), b.nativeThreadId()));
    for (JavaThread start : starts) {
      if (done.contains(start)) {
        continue;
      }
      List<JavaThread> path = new ArrayList<>();
      JavaThread current = start;
      while (current != null && !path.contains(current) && !done.contains(current)) {
        path.add(current);
        current = waitsFor.get(current);
      }
      if (current != null && path.contains(current)) {
        List<JavaThread> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        int lowest = 0;
        for (int i = 1; i < cycle.size(); i++) {
          if (cycle.get(i).nativeThreadId() < cycle.get(lowest).nativeThreadId()) {
            lowest = i;
          }
        }
        List<JavaThread> rotated = new ArrayList<>(cycle.subList(lowest, cycle.size()));
        rotated.addAll(cycle.subList(0, lowest));
        cycles.add(rotated);
      }
      done.addAll(path);
    }
    return cycles;
  }

  private JavaThread ownerOf(List<JavaThread> threads, JavaLockWait wait) {
    if (wait.ownerTid() != JavaLockWait.NO_OWNER) {
      for (JavaThread thread : threads) {
        if (thread.nativeThreadId() == wait.ownerTid() && thread.name().equals(wait.ownerName())) {
          return thread;
        }
      }
    }
    return byName.get(wait.ownerName());
  }
}
