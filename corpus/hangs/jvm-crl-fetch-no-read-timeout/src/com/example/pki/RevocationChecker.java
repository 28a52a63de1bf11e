package com.example.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** Checks the certificates of incoming messages against their issuers' revocation lists. */
public final class RevocationChecker {
  private final CrlCache crls = new CrlCache();

  boolean isRevoked(String serial, String distributionPoint) throws IOException {
    byte[] crl = crls.get(distributionPoint);
    return new String(crl, StandardCharsets.US_ASCII).contains(serial);
  }

  public static void main(String[] args) throws Exception {
    String distributionPoint = args[0];
    RevocationChecker checker = new RevocationChecker();
    BlockingQueue<String> incoming = new LinkedBlockingQueue<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    Thread validator =
        new Thread(
            () -> {
              while (true) {
                try {
                  String serial = incoming.take();
                  System.out.println("checking certificate " + serial + " against " + distributionPoint);
                  System.out.println(serial + " revoked: " + checker.isRevoked(serial, distributionPoint));
                } catch (InterruptedException e) {
                  return;
                } catch (IOException e) {
                  System.out.println("revocation check failed: " + e);
                }
              }
            },
            "cert-validator");
    validator.setDaemon(true);
    validator.start();
    incoming.add("4F19A2");
    System.out.println("revocation checker running");
    stopped.await();
  }
}
