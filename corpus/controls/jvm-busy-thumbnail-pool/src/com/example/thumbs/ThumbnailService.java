package com.example.thumbs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Renders thumbnails from a stream of uploads on a fixed pool of workers, as fast as it can. */
public final class ThumbnailService {
  private static final AtomicLong RENDERED = new AtomicLong();

  public static void main(String[] args) throws Exception {
    AtomicInteger next = new AtomicInteger(1);
    ExecutorService workers =
        Executors.newFixedThreadPool(2, task -> new Thread(task, "thumbnailer-" + next.getAndIncrement()));
    System.out.println("thumbnail service started");
    for (long upload = 1; ; upload++) {
      int size = 256 + ThreadLocalRandom.current().nextInt(256);
      Future<int[]> thumbnail = workers.submit(() -> render(size));
      if (upload % 4 == 0) {
        thumbnail.get();
      }
      if (upload % 200 == 0) {
        System.out.println("rendered " + RENDERED.get() + " thumbnails");
      }
    }
  }

  static int[] render(int size) {
    int[] pixels = new int[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        pixels[y * size + x] = (x * 31 + y * 17) ^ (x * y);
      }
    }
    int[] thumbnail = new int[64 * 64];
    int step = size / 64;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        long sum = 0;
        for (int dy = 0; dy < step; dy++) {
          for (int dx = 0; dx < step; dx++) {
            sum += pixels[(y * step + dy) * size + x * step + dx];
          }
        }
        thumbnail[y * 64 + x] = (int) (sum / (step * step));
      }
    }
    RENDERED.incrementAndGet();
    return thumbnail;
  }
}
