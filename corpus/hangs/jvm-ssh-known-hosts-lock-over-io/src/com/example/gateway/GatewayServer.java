package com.example.gateway;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs remote commands on managed hosts for API callers, one worker per request. */
public final class GatewayServer {
  public static void main(String[] args) throws InterruptedException {
    String[] target = args[0].split(":");
    AtomicInteger next = new AtomicInteger(1);
    ExecutorService workers =
        Executors.newFixedThreadPool(4, task -> new Thread(task, "qtp-worker-" + next.getAndIncrement()));
    for (int request = 1; request <= 4; request++) {
      int id = request;
      workers.execute(
          () -> {
            try {
              System.out.println("request " + id + ": opening session to " + args[0]);
              String banner = SshSessions.open(target[0], Integer.parseInt(target[1]));
              System.out.println("request " + id + ": connected, " + banner);
            } catch (Exception e) {
              System.out.println("request " + id + " failed: " + e);
            }
          });
    }
    workers.shutdown();
    workers.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
  }
}
