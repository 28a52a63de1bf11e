package com.example.ledger;

import java.io.FileWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Nightly settlement: two workers replay the day's transfers between the merchant account and the
 * clearing account, each worker one direction.
 */
public final class SettlementJob {
  public static void main(String[] args) throws Exception {
    Account merchant = new Account("merchant-7731", 50_000_000);
    Account clearing = new Account("clearing-0001", 50_000_000);
    try (Writer audit = new FileWriter("audit.log", true)) {
      Ledger ledger = new Ledger(audit);
      List<Thread> workers =
          List.of(
              new Thread(() -> settle(ledger, merchant, clearing), "settlement-1"),
              new Thread(() -> settle(ledger, clearing, merchant), "settlement-2"));
      System.out.println("settling transfers between " + merchant + " and " + clearing);
      workers.forEach(Thread::start);
      for (Thread worker : workers) {
        worker.join();
      }
      System.out.println("settlement done: " + ledger.balanceOf(merchant) + " / " + ledger.balanceOf(clearing));
    }
  }

  private static void settle(Ledger ledger, Account from, Account to) {
    for (int i = 1; i <= 200_000; i++) {
      ledger.transfer(from, to, ThreadLocalRandom.current().nextLong(1, 500));
      if (i % 20_000 == 0) {
        System.out.println(Thread.currentThread().getName() + ": " + i + " transfers settled");
      }
    }
  }
}
