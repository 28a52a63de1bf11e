package dev.hangdoctor.runner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads which of this process's standard descriptors are the streams the user gave it (see {@link
 * StdioParser}), from {@code /proc/self/fd} and {@code /proc/self/fdinfo}.
 */
final class StdioReader {
  private StdioReader() {}

  /** The usable descriptors of this process; all usable when {@code /proc} cannot tell. */
  static Stdio read() {
    if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
      return Stdio.ALL_USABLE;
    }
    List<Path> jvmFiles = jvmFiles();
    boolean[] usable = new boolean[3];
    for (int fd = 0; fd < 3; fd++) {
      usable[fd] = StdioParser.usable(fd, link(fd), fdinfo(fd), jvmFiles);
    }
    return new Stdio(usable[0], usable[1], usable[2]);
  }

  /** The files the JVM opens for itself: everything under {@code java.home}, the class path. */
  private static List<Path> jvmFiles() {
    List<Path> files = new ArrayList<>();
    realPath(System.getProperty("java.home", "")).ifPresent(files::add);
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      realPath(entry).ifPresent(files::add);
    }
    return files;
  }

  private static Optional<Path> realPath(String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(name).toRealPath());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> link(int fd) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> fdinfo(int fd) {
    try {
      return Optional.of(
          Files.readString(Path.of("/proc/self/fdinfo/" + fd), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Which of stdin, stdout and stderr CMD may inherit; the others it gets as /dev/null. */
  record Stdio(boolean in, boolean out, boolean err) {
    static final Stdio ALL_USABLE = new Stdio(true, true, true);
  }
}
