package com.example.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingests record batches asynchronously: each batch is split into chunks that are indexed in
 * parallel, and the batch completes once every chunk is indexed.
 */
public final class BatchIngester {
  private final Index index = new Index();
  private final Executor executor;

  public BatchIngester(Executor executor) {
    this.executor = executor;
  }

  public CompletableFuture<Long> ingest(String batch, List<String> chunks) {
    return CompletableFuture.supplyAsync(() -> ingestNow(batch, chunks), executor);
  }

  private long ingestNow(String batch, List<String> chunks) {
    CountDownLatch indexed = new CountDownLatch(chunks.size());
    AtomicLong records = new AtomicLong();
    for (String chunk : chunks) {
      CompletableFuture.runAsync(
          () -> {
            records.addAndGet(index.add(chunk));
            indexed.countDown();
          },
          executor);
    }
    try {
      indexed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while indexing " + batch, e);
    }
    return records.get();
  }

  public static void main(String[] args) throws InterruptedException {
    BatchIngester ingester = new BatchIngester(ForkJoinPool.commonPool());
    int batches = 16;
    CountDownLatch finished = new CountDownLatch(batches);
    AtomicLong total = new AtomicLong();
    for (int b = 1; b <= batches; b++) {
      List<String> chunks = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        chunks.add("batch-" + b + "/chunk-" + c);
      }
      String name = "batch-" + b;
      ingester
          .ingest(name, chunks)
          .whenComplete(
              (records, failure) -> {
                if (failure != null) {
                  System.err.println(name + " failed: " + failure);
                } else {
                  total.addAndGet(records);
                }
                finished.countDown();
              });
    }
    System.out.println("ingesting " + batches + " batches");
    finished.await();
    System.out.println("ingested " + total.get() + " records");
  }

  static final class Index {
    private final AtomicLong size = new AtomicLong();

    long add(String chunk) {
      long records = 100 + (chunk.hashCode() & 0xff);
      size.addAndGet(records);
      return records;
    }
  }
}
