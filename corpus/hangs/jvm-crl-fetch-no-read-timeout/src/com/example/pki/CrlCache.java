package com.example.pki;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Downloads certificate revocation lists from their distribution points and caches them. */
public final class CrlCache {
  private static final int CRL_FETCH_TIMEOUT = 5_000;

  private final Map<String, byte[]> lists = new ConcurrentHashMap<>();

  public byte[] get(String distributionPoint) throws IOException {
    byte[] cached = lists.get(distributionPoint);
    if (cached != null) {
      return cached;
    }
    byte[] fetched = fetch(distributionPoint);
    lists.put(distributionPoint, fetched);
    return fetched;
  }

  private byte[] fetch(String distributionPoint) throws IOException {
    URLConnection connection = new URL(distributionPoint).openConnection();
    connection.setConnectTimeout(CRL_FETCH_TIMEOUT);
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }
}
