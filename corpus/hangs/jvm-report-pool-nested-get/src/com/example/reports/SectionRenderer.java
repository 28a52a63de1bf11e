package com.example.reports;

final class SectionRenderer {
  private SectionRenderer() {}

  static String render(String customer, String section) {
    long checksum = 0;
    for (int i = 0; i < 10_000; i++) {
      checksum += (customer.hashCode() ^ section.hashCode()) * 31L + i;
    }
    return "  " + section + ": " + Long.toHexString(checksum);
  }
}
