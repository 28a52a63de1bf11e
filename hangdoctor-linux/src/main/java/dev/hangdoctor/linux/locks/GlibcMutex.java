package dev.hangdoctor.linux.locks;

import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What glibc (x86_64) leaves in memory while a thread blocks in {@code pthread_mutex_lock}: the
 * thread sits in {@code futex(&mutex, FUTEX_WAIT[_PRIVATE], 2, NULL)} and the mutex's {@code
 * __owner} (the int at offset 8, after {@code __lock} and {@code __count}) holds the owner's thread
 * id; a priority-inheritance mutex waits in {@code FUTEX_LOCK_PI} with the owner's tid in the lock
 * word itself. Condition variables, semaphores and {@code pthread_join} wait in {@code
 * FUTEX_WAIT_BITSET} and are never taken for a mutex. All of glibc's layout knowledge is here.
 */
final class GlibcMutex {
  static final int FUTEX_WAIT = 0;
  static final int FUTEX_LOCK_PI = 6;
  static final int FUTEX_LOCK_PI2 = 13;

  /** The futex operation without FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256). */
  static final long FUTEX_CMD_MASK = 0x7f;

  /** The value {@code __lock} has while the mutex is locked and has waiters. */
  static final long LOCKED_WITH_WAITERS = 2;

  static final int OWNER_OFFSET = 8;
  static final int FUTEX_TID_MASK = 0x3fffffff;

  private GlibcMutex() {}

  /** True when {@code call} is a thread blocked acquiring a glibc mutex. */
  static boolean isMutexWait(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || !"futex".equals(call.name())
        || call.arguments().size() < 3) {
      return false;
    }
    List<Long> args = call.arguments();
    long cmd = args.get(1) & FUTEX_CMD_MASK;
    return (cmd == FUTEX_WAIT && args.get(2) == LOCKED_WITH_WAITERS)
        || cmd == FUTEX_LOCK_PI
        || cmd == FUTEX_LOCK_PI2;
  }

  /**
   * The owner of the mutex {@code call} waits for, when memory shows one of {@code tids} (the
   * process's threads, the waiter included: a thread relocking a mutex it holds waits for itself)
   * holding it; anything else (an internal glibc lock laid out differently, a mutex released
   * meanwhile) yields empty.
   */
  static OptionalInt owner(RemoteMemory memory, SyscallState call, Set<Integer> tids)
      throws MemoryReadException {
    long address = call.arguments().get(0);
    long cmd = call.arguments().get(1) & FUTEX_CMD_MASK;
    int word = memory.readInt(address);
    int owner;
    if (cmd == FUTEX_WAIT) {
      owner = word == 0 ? 0 : memory.readInt(address + OWNER_OFFSET);
    } else {
      owner = word & FUTEX_TID_MASK;
    }
    return owner > 0 && tids.contains(owner) ? OptionalInt.of(owner) : OptionalInt.empty();
  }
}
