package com.example.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs image operations on all cores. */
public final class ThreadUtil {
  public static final ExecutorService threadPoolExecutor =
      Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());

  private ThreadUtil() {}

  public static void runAll(List<Callable<Void>> tasks) {
    try {
      List<Future<Void>> futures = new ArrayList<>(threadPoolExecutor.invokeAll(tasks));
      for (Future<Void> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
