package com.example.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** VAT rates by region, downloaded once from the configuration service. */
final class TaxRules {
  private static final Map<String, Double> RATES = download(System.getProperty("config.url"));

  private TaxRules() {}

  static double rateFor(String region) {
    return RATES.getOrDefault(region, 0.0);
  }

  private static Map<String, Double> download(String configUrl) {
    Map<String, Double> rates = new HashMap<>();
    try (InputStream in = new URL(configUrl + "/tax-rates").openStream()) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.split("=");
        if (parts.length == 2) {
          rates.put(parts[0], Double.parseDouble(parts[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rates;
  }
}
