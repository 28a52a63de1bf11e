package com.example.archive;

/** Adler-style rolling checksums over archive segments, several passes for the deduplication index. */
final class Checksums {
  private Checksums() {}

  static long segmentChecksum(byte[] segment, int passes) {
    long a = 1;
    long b = 0;
    for (int pass = 0; pass < passes; pass++) {
      for (int i = 0; i < segment.length; i++) {
        a = (a + (segment[i] & 0xff) + pass) % 65521;
        b = (b + a) % 65521;
      }
    }
    return (b << 16) | a;
  }
}
