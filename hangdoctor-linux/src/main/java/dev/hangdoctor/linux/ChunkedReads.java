package dev.hangdoctor.linux;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads many small {@code /proc} files on a few daemon threads. The kernel does the work of each
 * read inside the system call, so on a machine with idle cores a process with a thousand threads is
 * read in a fraction of the time; a small one is read on the caller's thread.
 */
final class ChunkedReads {
  static final int DEFAULT_PARALLELISM =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  private static final int MIN_PER_CHUNK = 64;
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          DEFAULT_PARALLELISM,
          task -> {
            Thread thread = new Thread(task, "hangdoctor-proc-reader");
            thread.setDaemon(true);
            return thread;
          });

  private ChunkedReads() {}

  /** Reads one chunk of items (tids, fds). */
  @FunctionalInterface
  interface ChunkReader<T> {
    List<T> read(int[] chunk) throws ProcReadException;
  }

  /** Results still being read, in the order of the items. */
  interface Pending<T> {
    List<T> get() throws ProcReadException;
  }

  /** Starts reading {@code items}: split over the pool when there are many, else right here. */
  static <T> Pending<T> start(int[] items, int parallelism, ChunkReader<T> reader)
      throws ProcReadException {
    if (parallelism <= 1 || items.length < 2 * MIN_PER_CHUNK) {
      List<T> result = reader.read(items);
      return () -> result;
    }
    int chunks = Math.min(Math.min(parallelism, DEFAULT_PARALLELISM), items.length / MIN_PER_CHUNK);
    List<Future<List<T>>> futures = new ArrayList<>(chunks);
    for (int i = 0; i < chunks; i++) {
      int[] chunk =
          Arrays.copyOfRange(items, i * items.length / chunks, (i + 1) * items.length / chunks);
      futures.add(POOL.submit(() -> reader.read(chunk)));
    }
    return () -> collect(futures);
  }

  private static <T> List<T> collect(List<Future<List<T>>> futures) throws ProcReadException {
    List<T> all = new ArrayList<>();
    try {
      for (Future<List<T>> future : futures) {
        all.addAll(future.get());
      }
    } catch (InterruptedException e) {
      futures.forEach(future -> future.cancel(true));
      Thread.currentThread().interrupt();
      throw new ProcReadException("/proc", EvidenceGap.Reason.UNREADABLE, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ProcReadException) {
        throw (ProcReadException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    }
    return all;
  }
}
