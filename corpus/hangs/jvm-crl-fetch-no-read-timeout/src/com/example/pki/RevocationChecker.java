package com.example.pki;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Checks incoming certificates against their issuers' revocation lists. */
public final class RevocationChecker {
  private final CrlCache crls = new CrlCache();

  boolean isRevoked(String serial, String distributionPoint) throws IOException {
    byte[] crl = crls.get(distributionPoint);
    return new String(crl, java.nio.charset.StandardCharsets.US_ASCII).contains(serial);
  }

  public static void main(String[] args) throws Exception {
    String distributionPoint = args[0];
    RevocationChecker checker = new RevocationChecker();
    ExecutorService validators =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "cert-validator"));
    validators.submit(
        () -> {
          System.out.println("checking certificate 4F:19:A2 against " + distributionPoint);
          boolean revoked = checker.isRevoked("4F19A2", distributionPoint);
          System.out.println("certificate 4F:19:A2 revoked: " + revoked);
          return revoked;
        });
    validators.shutdown();
    validators.awaitTermination(1, TimeUnit.DAYS);
  }
}
