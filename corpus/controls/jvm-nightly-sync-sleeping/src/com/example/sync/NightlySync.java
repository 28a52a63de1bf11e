package com.example.sync;

import java.time.Duration;
import java.time.LocalTime;

/** Syncs the product feed, then sleeps until the next run. */
public final class NightlySync {
  public static void main(String[] args) throws InterruptedException {
    Duration interval = Duration.ofMinutes(15);
    for (int run = 1; ; run++) {
      int products = syncFeed();
      System.out.println(LocalTime.now() + " run " + run + ": synced " + products + " products, next run in " + interval.toMinutes() + " min");
      Thread.sleep(interval.toMillis());
    }
  }

  private static int syncFeed() {
    int synced = 0;
    for (int i = 0; i < 5_000; i++) {
      synced += ("sku-" + i).hashCode() % 2 == 0 ? 1 : 1;
    }
    return synced;
  }
}
