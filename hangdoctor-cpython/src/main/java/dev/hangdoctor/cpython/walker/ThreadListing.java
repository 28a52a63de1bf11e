package dev.hangdoctor.cpython.walker;

import java.util.List;
import java.util.Set;

/**
 * Every thread state of every interpreter (newest first, the main interpreter's main thread last),
 * the thread states the GIL structures name as holders, what cut the listing short, if anything,
 * and the main interpreter's address (the last one listed).
 */
record ThreadListing(
    List<ThreadEntry> threads, Set<Long> gilHolders, String problem, long mainInterpreter) {
  ThreadListing {
    threads = List.copyOf(threads);
    gilHolders = Set.copyOf(gilHolders);
  }

  /** True when the per-thread GIL flags name exactly the holders the GIL structures name. */
  boolean gilAgrees(boolean layoutHasFlags) {
    if (!layoutHasFlags) {
      return true;
    }
    for (ThreadEntry thread : threads) {
      if (thread.gilFlag() != gilHolders.contains(thread.address())) {
        return false;
      }
    }
    return true;
  }
}
