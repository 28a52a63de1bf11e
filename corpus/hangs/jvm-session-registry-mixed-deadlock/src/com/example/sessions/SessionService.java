package com.example.sessions;

import java.util.concurrent.ThreadLocalRandom;

/** A session service: request workers save sessions while a sweeper expires the idle ones. */
public final class SessionService {
  public static void main(String[] args) throws InterruptedException {
    SessionStore store = new SessionStore();
    SessionRegistry registry = new SessionRegistry(store, 0);
    Thread sweeper =
        new Thread(
            () -> {
              long swept = 0;
              while (true) {
                swept += registry.expireIdle();
                if (swept % 5000 == 0) {
                  System.out.println("sweeper: " + swept + " sessions expired");
                }
              }
            },
            "session-sweeper");
    Thread worker =
        new Thread(
            () -> {
              for (long request = 1; ; request++) {
                String id = "s" + ThreadLocalRandom.current().nextInt(1000);
                store.save(id, "{\"cart\":" + request + "}");
                if (request % 100_000 == 0) {
                  System.out.println("http-worker-1: " + request + " requests");
                }
              }
            },
            "http-worker-1");
    System.out.println("session service started");
    sweeper.start();
    worker.start();
    worker.join();
  }
}
