package dev.hangdoctor.jvm.dump;

import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaObjectRef;
import dev.hangdoctor.evidence.JavaThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds, for every thread of one dump, the lock it waits for and who holds it: the innermost lock
 * line that is a wait decides what it waits for; a monitor's holder is the thread with a {@code -
 * locked} line for the same object, a java.util.concurrent lock's holder the thread listing it
 * among its ownable synchronizers, a class's initialiser the thread running that class's {@code
 * <clinit>}. A thread in {@code Object.wait()} does not hold the monitor it waits on. When no
 * thread runs the {@code <clinit>} of a class another waits for, its initialisation was started by
 * a thread still initialising a supertype first (it shows only the frame that touched the class):
 * when exactly one other thread waits for a class initialisation, that is the one. A pure function.
 */
final class LockOwners {
  private LockOwners() {}

  static List<JavaThread> resolve(List<JavaThread> threads) {
    Map<String, JavaThread> monitorHolders = new HashMap<>();
    Map<String, JavaThread> synchronizerHolders = new HashMap<>();
    Map<String, JavaThread> initialisers = new HashMap<>();
    for (JavaThread thread : threads) {
      // Object.wait() releases the monitor its frame shows as locked.
      String released =
          waitOf(thread)
              .filter(wait -> wait.kind() != JavaLockEvent.Kind.WAITING_TO_LOCK)
              .filter(wait -> wait.kind() != JavaLockEvent.Kind.PARKING_FOR)
              .map(wait -> wait.object().id())
              .orElse(null);
      for (JavaFrame frame : thread.frames()) {
        if ("<clinit>".equals(frame.method())) {
          initialisers.putIfAbsent(frame.className(), thread);
        }
        for (JavaLockEvent event : frame.locks()) {
          if (event.kind() == JavaLockEvent.Kind.LOCKED
              && event.object().id() != null
              && !event.object().id().equals(released)) {
            monitorHolders.putIfAbsent(event.object().id(), thread);
          }
        }
      }
      for (JavaObjectRef sync : thread.ownedSynchronizers()) {
        if (sync.id() != null) {
          synchronizerHolders.put(sync.id(), thread);
        }
      }
    }
    List<JavaThread> classInitWaiters = new ArrayList<>();
    for (JavaThread thread : threads) {
      waitOf(thread)
          .filter(wait -> wait.kind() == JavaLockEvent.Kind.WAITING_ON_CLASS_INIT)
          .ifPresent(wait -> classInitWaiters.add(thread));
    }
    List<JavaThread> resolved = new ArrayList<>(threads.size());
    for (JavaThread thread : threads) {
      Optional<JavaLockEvent> wait = waitOf(thread);
      if (wait.isEmpty()) {
        resolved.add(thread);
        continue;
      }
      JavaLockEvent event = wait.get();
      JavaThread owner = null;
      JavaLockWait.Kind kind;
      switch (event.kind()) {
        case WAITING_TO_LOCK, WAITING_TO_RELOCK -> {
          kind = JavaLockWait.Kind.MONITOR_ENTER;
          owner = holder(monitorHolders, event.object().id(), thread);
        }
        case WAITING_ON -> kind = JavaLockWait.Kind.OBJECT_WAIT;
        case PARKING_FOR -> {
          kind = JavaLockWait.Kind.PARK;
          owner = holder(synchronizerHolders, event.object().id(), thread);
        }
        default -> {
          kind = JavaLockWait.Kind.CLASS_INIT;
          owner = initialisers.get(event.object().className());
          if (owner == null) {
            List<JavaThread> others =
                classInitWaiters.stream().filter(other -> other != thread).toList();
            owner = others.size() == 1 ? others.get(0) : null;
          }
        }
      }
      resolved.add(
          thread.withWaitingFor(
              new JavaLockWait(
                  kind,
                  event.object(),
                  owner == null ? null : owner.name(),
                  owner == null ? JavaLockWait.NO_OWNER : owner.nativeThreadId())));
    }
    return resolved;
  }

  /** The innermost wait of a thread: the first wait-kind lock line from the top of its stack. */
  static Optional<JavaLockEvent> waitOf(JavaThread thread) {
    for (JavaFrame frame : thread.frames()) {
      for (JavaLockEvent event : frame.locks()) {
        switch (event.kind()) {
          case WAITING_TO_LOCK,
              WAITING_TO_RELOCK,
              WAITING_ON,
              PARKING_FOR,
              WAITING_ON_CLASS_INIT -> {
            return Optional.of(event);
          }
          default -> {}
        }
      }
    }
    return Optional.empty();
  }

  private static JavaThread holder(Map<String, JavaThread> holders, String id, JavaThread waiter) {
    JavaThread holder = id == null ? null : holders.get(id);
    return Objects.equals(holder, waiter) ? null : holder;
  }
}
