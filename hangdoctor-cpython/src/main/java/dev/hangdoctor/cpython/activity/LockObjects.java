package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.layout.ExecutionLayout.LockLayout;
import dev.hangdoctor.cpython.objects.UnreadableException;
import dev.hangdoctor.evidence.PythonLock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code _thread.lock} and {@code _thread.RLock} objects: whether an object is one, its
 * layout (told by the type's {@code tp_basicsize}, since locks moved to {@code PyMutex} inside
 * 3.13), whether it is held, an RLock's owner and count, and the futex word its waiters sleep on.
 */
final class LockObjects {
  static final String LOCK_TYPE = "_thread.lock";
  static final String RLOCK_TYPE = "_thread.RLock";

  private final Heap heap;
  private final Map<Long, Optional<LockLayout>> layouts = new HashMap<>();

  LockObjects(Heap heap) {
    this.heap = heap;
  }

  /** The layout of {@code object} when it is a lock or RLock; empty for anything else. */
  Optional<LockLayout> layoutOf(long object) {
    if (!Heap.isPointer(object)) {
      return Optional.empty();
    }
    try {
      long type = heap.typeOf(object);
      Optional<LockLayout> known = layouts.get(type);
      if (known == null) {
        String name = heap.nameOfType(type);
        boolean lock = LOCK_TYPE.equals(name);
        boolean rlock = RLOCK_TYPE.equals(name);
        known =
            lock || rlock
                ? LockLayout.forBasicSize(rlock, heap.basicSize(type))
                : Optional.<LockLayout>empty();
        layouts.put(type, known);
      }
      return known;
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  /** The lock at {@code object} as evidence, unnamed; empty when it is no lock. */
  Optional<PythonLock> read(long object) {
    Optional<LockLayout> layout = layoutOf(object);
    if (layout.isEmpty()) {
      return Optional.empty();
    }
    LockLayout fields = layout.get();
    boolean reentrant = fields.owner() >= 0;
    Boolean held = null;
    long owner = 0;
    int count = 0;
    try {
      if (fields.semaphore()) {
        long semaphore = heap.word(object + fields.lock());
        held = Heap.isPointer(semaphore) ? heap.int32(semaphore) == LockLayout.SEM_HELD : null;
      } else {
        held = (heap.unsignedByte(object + fields.lock()) & LockLayout.MUTEX_LOCKED) != 0;
      }
      if (reentrant) {
        owner = heap.word(object + fields.owner());
        long rawCount = heap.word(object + fields.count());
        count = (int) Math.max(0, Math.min(Integer.MAX_VALUE, rawCount));
        if (fields.countIsLevel() && owner != 0) {
          count++;
        }
        if (owner == 0) {
          count = 0;
        }
      }
    } catch (UnreadableException e) {
      held = null;
    }
    return Optional.of(
        new PythonLock(object, reentrant ? RLOCK_TYPE : LOCK_TYPE, null, held, owner, count));
  }

  /**
   * For a lock of the semaphore layout, the address its blocked acquirers pass to {@code futex}
   * (the {@code sem_t}); 0 otherwise.
   */
  long semaphoreOf(long object) {
    Optional<LockLayout> layout = layoutOf(object);
    if (layout.isEmpty() || !layout.get().semaphore()) {
      return 0;
    }
    try {
      return heap.word(object + layout.get().lock());
    } catch (UnreadableException e) {
      return 0;
    }
  }

  /**
   * The lock a thread parked in {@code futex} on {@code futexWord} waits for, when the word is a
   * 3.13+ parking-lot entry: the entry's {@code addr}, 8 bytes before the word, points at the
   * lock's {@code PyMutex} byte. Empty when that is no held lock of the {@code PyMutex} layout.
   */
  Optional<Long> parkedOn(long futexWord) {
    try {
      long mutex = heap.word(futexWord - LockLayout.PARKED_ADDRESS_BEFORE_FUTEX);
      if (mutex <= 0 || mutex >= 1L << 47) {
        return Optional.empty();
      }
      for (long offset : new long[] {16}) {
        long object = mutex - offset;
        Optional<LockLayout> layout = layoutOf(object);
        if (layout.isPresent()
            && !layout.get().semaphore()
            && layout.get().lock() == offset
            && (heap.unsignedByte(mutex) & LockLayout.MUTEX_LOCKED) != 0) {
          return Optional.of(object);
        }
      }
      return Optional.empty();
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }
}
