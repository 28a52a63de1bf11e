package dev.hangdoctor.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what the testkit needs from {@code /proc}. A process that vanishes between two reads is a
 * normal outcome here, reported as empty rather than as an error.
 */
public final class Procs {
  private static final Path PROC = Path.of("/proc");

  private Procs() {}

  /** The stat of {@code pid}, or empty when it does not exist (any more). */
  public static Optional<ProcStat> stat(long pid) {
    try {
      return ProcStat.parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** True unless the process identified by {@code key} still exists and has not exited. */
  public static boolean gone(ProcessKey key) {
    return stat(key.pid()).filter(s -> s.startTicks() == key.startTicks() && !s.exited()).isEmpty();
  }

  /** The command line of {@code pid} with arguments separated by spaces, or a placeholder. */
  public static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
      return text.isEmpty() ? "[no cmdline]" : text;
    } catch (IOException e) {
      return "[gone]";
    }
  }

  /** Every pid listed in {@code /proc} at this moment. */
  public static List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        pids.add(Long.parseLong(entry.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return pids;
  }

  /**
   * The live processes whose initial environment holds exactly the entry {@code name=value}; the
   * calling JVM is never included.
   */
  public static Set<ProcessKey> withEnvironment(String name, String value) {
    byte[] entry = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    Set<ProcessKey> found = new HashSet<>();
    for (long pid : pids()) {
      if (pid != self && environContains(pid, entry)) {
        stat(pid).filter(s -> !s.exited()).ifPresent(s -> found.add(s.key()));
      }
    }
    return found;
  }

  /** The live descendants of {@code root} (children, grandchildren, …), not {@code root} itself. */
  public static Set<ProcessKey> descendants(ProcessHandle root) {
    Set<ProcessKey> found = new HashSet<>();
    root.descendants()
        .forEach(h -> stat(h.pid()).filter(s -> !s.exited()).ifPresent(s -> found.add(s.key())));
    return found;
  }

  /** {@code root}, while alive, plus its live descendants. */
  public static Set<ProcessKey> tree(ProcessHandle root) {
    Set<ProcessKey> found = descendants(root);
    if (root.isAlive()) {
      stat(root.pid()).filter(s -> !s.exited()).ifPresent(s -> found.add(s.key()));
    }
    return found;
  }

  private static boolean environContains(long pid, byte[] entry) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException e) {
      return false;
    }
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
}
