package dev.hangdoctor.accuracy.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The processes alive at one moment, read from {@code /proc}: pid, parent, process group and state,
 * plus a check of a process's initial environment. Processes that vanish while being read are left
 * out.
 */
final class ProcTable {
  private static final Path PROC = Path.of("/proc");

  /** One process; {@code state} is the kernel's letter (R, S, D, T, Z, …). */
  record Entry(long pid, long ppid, long pgrp, char state) {
    boolean dead() {
      return state == 'Z' || state == 'X';
    }
  }

  private ProcTable() {}

  static List<Entry> read() {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : dirs) {
        stat(Long.parseLong(dir.getFileName().toString())).ifPresent(entries::add);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return entries;
  }

  static Optional<Entry> stat(long pid) {
    String text;
    try {
      text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException e) {
      return Optional.empty();
    }
    int close = text.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] fields = text.substring(close + 2).split(" ");
    if (fields.length < 3) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(pid, Long.parseLong(fields[1]), Long.parseLong(fields[2]), fields[0].charAt(0)));
  }

  /** True when {@code pid}'s initial environment holds exactly {@code name=value}. */
  static boolean environHas(long pid, String name, String value) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException e) {
      return false;
    }
    byte[] entry = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (Arrays.equals(environ, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /** The command line of {@code pid}, arguments joined by spaces, or {@code [gone]}. */
  static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
      return text.isEmpty() ? "[no cmdline]" : text;
    } catch (IOException e) {
      return "[gone]";
    }
  }
}
