package dev.hangdoctor.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The environment marker every process of a run inherits ({@value #VARIABLE}{@code =<random id>}),
 * so processes that double-forked, changed process group or session, or were re-parented to init
 * are still found: by scanning {@code /proc/*}{@code /environ}, which the kernel lets a user read
 * for their own processes. A process that scrubs its environment before exec escapes it.
 */
public final class TreeMarker {
  /** The variable set in the command's environment. */
  public static final String VARIABLE = "HANGDOCTOR_RUN";

  private static final SplittableRandom RANDOM = new SplittableRandom();

  private final String id;
  private final Path procRoot;

  private TreeMarker(String id, Path procRoot) {
    this.id = id;
    this.procRoot = procRoot;
  }

  /**
   * A new marker with a random id (unique, not secret: SecureRandom's start-up cost is not worth
   * it), found through {@code /proc}.
   */
  public static TreeMarker fresh() {
    long bits;
    synchronized (RANDOM) {
      bits = RANDOM.nextLong();
    }
    return new TreeMarker(HexFormat.of().toHexDigits(bits), Path.of("/proc"));
  }

  public String id() {
    return id;
  }

  /** The live processes, other than this one, whose environment carries this marker. */
  public Set<ProcessHandle> carriers() {
    byte[] entry = (VARIABLE + "=" + id).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    Set<ProcessHandle> found = new LinkedHashSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, "[0-9]*")) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (pid != self && carries(dir.resolve("environ"), entry)) {
          ProcessHandle.of(pid).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + procRoot + ": " + e.getMessage(), e);
    }
    return found;
  }

  private static boolean carries(Path environ, byte[] entry) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException e) {
      return false; // gone, a zombie, or another user's process
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && Arrays.equals(env, start, i, entry, 0, i - start)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return VARIABLE + "=" + id;
  }
}
