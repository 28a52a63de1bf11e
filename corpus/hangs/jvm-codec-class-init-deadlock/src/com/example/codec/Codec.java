package com.example.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A text codec. Codecs are looked up by name; the default one is created once, up front. */
public abstract class Codec {
  private static final Map<String, Integer> ALIASES = loadAliases(Path.of("codecs.properties"));

  public static final Codec DEFAULT = new Utf8Codec();

  public static Codec forName(String name) {
    Integer id = ALIASES.get(name);
    if (id == null || id == 0) {
      return DEFAULT;
    }
    throw new IllegalArgumentException("unsupported codec " + name);
  }

  public abstract byte[] encode(String text);

  public abstract String decode(byte[] bytes);

  private static Map<String, Integer> loadAliases(Path file) {
    Map<String, Integer> aliases = new HashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String[] parts = line.split("=", 2);
        if (parts.length == 2) {
          aliases.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
          normalise(aliases);
        }
      }
    } catch (IOException e) {
      aliases.put("utf-8", 0);
    }
    return aliases;
  }

  private static void normalise(Map<String, Integer> aliases) {
    Map<String, Integer> lower = new HashMap<>();
    for (Map.Entry<String, Integer> entry : aliases.entrySet()) {
      lower.put(entry.getKey().toLowerCase(java.util.Locale.ROOT), entry.getValue());
    }
    aliases.putAll(lower);
  }
}
