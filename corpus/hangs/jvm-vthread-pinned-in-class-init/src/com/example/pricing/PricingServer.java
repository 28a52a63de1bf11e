package com.example.pricing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Prices shopping baskets; every request runs on its own virtual thread. */
public final class PricingServer {
  private static final AtomicLong HEARTBEATS = new AtomicLong();

  public static void main(String[] args) throws InterruptedException {
    ThreadFactory requests = Thread.ofVirtual().name("request-", 1).factory();
    try (ExecutorService executor = Executors.newThreadPerTaskExecutor(requests)) {
      Thread.ofVirtual()
          .name("heartbeat")
          .start(
              () -> {
                while (true) {
                  HEARTBEATS.incrementAndGet();
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      System.out.println("pricing server started");
      for (int basket = 1; basket <= 8; basket++) {
        int id = basket;
        executor.submit(
            () -> {
              double net = 100.0 * id;
              double gross = net * (1 + TaxRules.rateFor("DE"));
              System.out.println("basket " + id + ": " + gross);
            });
      }
      while (true) {
        Thread.sleep(1000);
        System.out.println("heartbeats: " + HEARTBEATS.get());
      }
    }
  }
}
