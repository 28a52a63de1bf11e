package com.example.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Verifies archive segments: one thread computes the deduplication checksums while the indexer
 * thread keeps building the in-memory index of file entries.
 */
public final class ArchiveVerifier {
  public static void main(String[] args) throws InterruptedException {
    byte[] segment = new byte[64 * 1024 * 1024];
    new Random(7).nextBytes(segment);
    Thread checksummer =
        new Thread(
            () -> {
              int passes = 4096;
              while (true) {
                long sum = Checksums.segmentChecksum(segment, passes);
                System.out.println("segment checksum " + Long.toHexString(sum));
              }
            },
            "checksummer");
    Thread indexer =
        new Thread(
            () -> {
              List<String> entries = new ArrayList<>();
              long indexed = 0;
              while (true) {
                entries.add("entry-" + indexed + "/" + Long.toHexString(indexed * 31));
                if (entries.size() > 200_000) {
                  entries.clear();
                }
                indexed++;
                if (indexed % 2_000_000 == 0) {
                  System.out.println("indexed " + indexed + " entries");
                }
              }
            },
            "indexer");
    System.out.println("verifying archive");
    checksummer.start();
    indexer.start();
    checksummer.join();
  }
}
