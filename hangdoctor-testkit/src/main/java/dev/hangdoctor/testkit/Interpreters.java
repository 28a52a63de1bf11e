package dev.hangdoctor.testkit;

import dev.hangdoctor.testkit.internal.BoundedCommand;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the interpreters and JDKs on this machine, so a test can run the same check on each of
 * them. CPythons are asked for their version (bounded), JDKs are read from their {@code release}
 * file; both lists are de-duplicated by real path and computed once per JVM.
 */
public final class Interpreters {
  private static final Path PREFERRED_PYTHON = Path.of("/usr/bin/python3.11");

  /**
   * Where {@code .ci/install-python3.14} puts Debian sid's CPython 3.14; {@code /usr/local/bin}
   * links it too, but a missing link must not hide it.
   */
  private static final Path PRIVATE_PYTHON_PREFIXES = Path.of("/opt/hangdoctor");

  private static final Pattern PYTHON_NAME = Pattern.compile("python3(\\.\\d+t?)?");
  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final String PROBE =
      "import sys, sysconfig; print(sys.implementation.name, *sys.version_info[:3],"
          + " int(bool(sysconfig.get_config_var('Py_GIL_DISABLED'))))";

  private Interpreters() {}

  /**
   * A CPython of version 3.8 or later for simple targets: {@code /usr/bin/python3.11} if present,
   * else {@code python3} on the PATH (pyenv shims skipped), else the newest found by {@link
   * #cpythons()}.
   */
  public static Optional<Path> python3() {
    if (Files.isExecutable(PREFERRED_PYTHON)) {
      return Optional.of(PREFERRED_PYTHON);
    }
    Optional<Path> onPath =
        pathPython3().flatMap(Interpreters::probe).filter(p -> p.atLeast(3, 8)).map(p -> p.path());
    if (onPath.isPresent()) {
      return onPath;
    }
    List<PythonInterpreter> all = cpythons();
    return all.isEmpty() || !all.get(all.size() - 1).atLeast(3, 8)
        ? Optional.empty()
        : Optional.of(all.get(all.size() - 1).path());
  }

  /**
   * Every CPython 3 found in {@code /usr/bin}, {@code /usr/local/bin}, pyenv's versions, the
   * private prefixes of {@code /opt/hangdoctor} ({@code .ci/install-python3.14}) and on the PATH,
   * oldest version first.
   */
  public static List<PythonInterpreter> cpythons() {
    return Discovered.CPYTHONS;
  }

  /**
   * The first CPython of 3.11 or later (hangdoctor's supported range) that can import every one of
   * {@code modules}, for targets built on real frameworks (uvicorn, FastAPI, pytest); {@code
   * .ci/run} installs them. The answer is asked once per set of modules.
   */
  public static Optional<PythonInterpreter> pythonWith(String... modules) {
    String key = String.join(",", modules);
    return WITH_MODULES.computeIfAbsent(key, k -> findPythonWith(modules));
  }

  /**
   * Every supported CPython found (3.11 or later, with the GIL) that can import every one of {@code
   * modules}, for a test run on each interpreter that has a framework (trio) installed.
   */
  public static List<PythonInterpreter> allWith(String... modules) {
    String imports = "import " + String.join(", ", modules);
    List<PythonInterpreter> found = new ArrayList<>();
    for (PythonInterpreter python : cpythons()) {
      if (!python.atLeast(3, 11) || python.freeThreaded()) {
        continue;
      }
      try {
        if (BoundedCommand.run(List.of(python.path().toString(), "-c", imports), PROBE_TIMEOUT)
            .succeeded()) {
          found.add(python);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
    }
    return found;
  }

  private static final Map<String, Optional<PythonInterpreter>> WITH_MODULES =
      new ConcurrentHashMap<>();

  private static Optional<PythonInterpreter> findPythonWith(String... modules) {
    String imports = "import " + String.join(", ", modules);
    for (PythonInterpreter python : cpythons()) {
      if (!python.atLeast(3, 11) || python.freeThreaded()) {
        continue;
      }
      try {
        if (BoundedCommand.run(List.of(python.path().toString(), "-c", imports), PROBE_TIMEOUT)
            .succeeded()) {
          return Optional.of(python);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Every JDK under {@code /usr/lib/jvm} plus the running one, lowest feature version first. */
  public static List<JdkHome> jdks() {
    return Discovered.JDKS;
  }

  private static final class Discovered {
    static final List<PythonInterpreter> CPYTHONS = discoverCpythons();
    static final List<JdkHome> JDKS = discoverJdks();
  }

  private static List<PythonInterpreter> discoverCpythons() {
    List<Path> candidates = new ArrayList<>();
    candidates.addAll(pythonsIn(Path.of("/usr/bin")));
    candidates.addAll(pythonsIn(Path.of("/usr/local/bin")));
    for (Path version : list(Path.of("/root/.pyenv/versions"))) {
      candidates.addAll(pythonsIn(version.resolve("bin")));
    }
    for (Path prefix : list(PRIVATE_PYTHON_PREFIXES)) {
      candidates.addAll(pythonsIn(prefix.resolve("bin")));
    }
    pathPython3().ifPresent(candidates::add);
    List<PythonInterpreter> found = new ArrayList<>();
    for (Path real : realPaths(candidates).keySet()) {
      probe(real).ifPresent(found::add);
    }
    found.sort(
        Comparator.comparingInt(PythonInterpreter::major)
            .thenComparingInt(PythonInterpreter::minor)
            .thenComparingInt(PythonInterpreter::micro)
            .thenComparing(p -> p.path().toString()));
    return List.copyOf(found);
  }

  private static List<JdkHome> discoverJdks() {
    List<Path> candidates = new ArrayList<>(list(Path.of("/usr/lib/jvm")));
    candidates.add(Path.of(System.getProperty("java.home")));
    List<JdkHome> found = new ArrayList<>();
    for (Path home : realPaths(candidates).keySet()) {
      if (Files.isExecutable(home.resolve("bin/java"))) {
        featureOf(home).ifPresent(feature -> found.add(new JdkHome(home, feature)));
      }
    }
    found.sort(
        Comparator.comparingInt(JdkHome::feature).thenComparing(jdk -> jdk.home().toString()));
    return List.copyOf(found);
  }

  private static Optional<Integer> featureOf(Path home) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> pathPython3() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty() || dir.contains("/.pyenv/shims")) {
        continue;
      }
      Path candidate = Path.of(dir, "python3");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<Path> pythonsIn(Path dir) {
    return list(dir).stream()
        .filter(p -> PYTHON_NAME.matcher(p.getFileName().toString()).matches())
        .filter(Files::isExecutable)
        .toList();
  }

  private static Optional<PythonInterpreter> probe(Path python) {
    BoundedCommand.Result result;
    try {
      result = BoundedCommand.run(List.of(python.toString(), "-I", "-c", PROBE), PROBE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    String[] fields = result.output().strip().split("\\s+");
    if (!result.succeeded() || fields.length != 5 || !fields[0].equals("cpython")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PythonInterpreter(
              python,
              Integer.parseInt(fields[1]),
              Integer.parseInt(fields[2]),
              Integer.parseInt(fields[3]),
              fields[4].equals("1")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Real path to first-seen path, in discovery order; unresolvable paths are dropped. */
  private static Map<Path, Path> realPaths(List<Path> candidates) {
    Map<Path, Path> byReal = new LinkedHashMap<>();
    for (Path candidate : candidates) {
      try {
        byReal.putIfAbsent(candidate.toRealPath(), candidate);
      } catch (IOException e) {
        // a dangling link is not an interpreter
      }
    }
    return byReal;
  }

  private static List<Path> list(Path dir) {
    List<Path> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      return entries;
    }
    entries.sort(Comparator.naturalOrder());
    return entries;
  }
}
