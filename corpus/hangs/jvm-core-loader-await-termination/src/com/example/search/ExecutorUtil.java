package com.example.search;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

final class ExecutorUtil {
  private ExecutorUtil() {}

  /** Shuts the pool down and waits, however long it takes, for its tasks to finish. */
  static void shutdownAndAwaitTerminationForever(ExecutorService pool) throws InterruptedException {
    pool.shutdown();
    boolean terminated = false;
    while (!terminated) {
      terminated = pool.awaitTermination(60, TimeUnit.SECONDS);
      if (!terminated) {
        System.out.println("still waiting for core loading to finish");
      }
    }
  }
}
