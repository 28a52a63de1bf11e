package dev.hangdoctor.cpython.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of source lines as the target sees its files (through {@code /proc/PID/root}), cached
 * per file for one read. Files that cannot be read, or are too large, give no lines.
 */
final class SourceLines {
  private static final long MAX_FILE = 4L << 20;
  private static final int MAX_FILES = 512;
  private static final int MAX_LINE = 200;

  private final Path root;
  private final Map<String, List<String>> files = new HashMap<>();

  SourceLines(Path root) {
    this.root = root;
  }

  /** Line {@code line} (1-based) of {@code file}, trimmed, or null. */
  String line(String file, int line) {
    if (file == null || !file.startsWith("/") || line <= 0) {
      return null;
    }
    List<String> lines = files.get(file);
    if (lines == null) {
      lines = load(file);
      if (files.size() < MAX_FILES) {
        files.put(file, lines);
      }
    }
    if (line > lines.size()) {
      return null;
    }
    String text = lines.get(line - 1).strip();
    return text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + "…" : text;
  }

  private List<String> load(String file) {
    try {
      Path path = root.resolve(file.substring(1));
      if (!Files.isRegularFile(path) || Files.size(path) > MAX_FILE) {
        return List.of();
      }
      return Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
