package com.example.codec;

import java.util.concurrent.CountDownLatch;

/**
 * Imports a message batch on two threads: headers first, then bodies, which start once the header
 * import is under way.
 */
public final class ImportWorker {
  public static void main(String[] args) throws InterruptedException {
    CountDownLatch headersUnderWay = new CountDownLatch(1);
    Thread headers =
        new Thread(
            () -> {
              System.out.println("importer-headers: resolving codec utf-8");
              headersUnderWay.countDown();
              Codec codec = Codec.forName("utf-8");
              System.out.println("importer-headers: decoded " + codec.decode(new byte[] {72, 105}));
            },
            "importer-headers");
    Thread bodies =
        new Thread(
            () -> {
              Codec codec = new Utf8Codec();
              System.out.println("importer-bodies: decoded " + codec.decode(new byte[] {72, 105}));
            },
            "importer-bodies");
    System.out.println("starting 2 importers");
    headers.start();
    headersUnderWay.await();
    bodies.start();
    headers.join();
    bodies.join();
    System.out.println("import finished");
  }
}
