package dev.hangdoctor.python;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A venv per CPython 3.11+ found, with the distribution in {@code python/} installed by {@code pip
 * install} (no network: its build backend is in the tree), seeing the interpreter's own packages
 * (pytest, pytest-xdist) through {@code --system-site-packages}. Venvs are kept under {@code
 * target/python-venvs} and made again only when the distribution's files change.
 */
final class PythonEnvironments {
  private static final Duration INSTALL_LIMIT = Duration.ofMinutes(5);
  private static final Map<Path, Path> READY = new HashMap<>();

  private PythonEnvironments() {}

  /** The repository's root (the Maven build passes it; else the module's parent). */
  static Path root() {
    String given = System.getProperty("hangdoctor.root");
    return (given != null ? Path.of(given) : Path.of("..")).toAbsolutePath().normalize();
  }

  /** The launcher of this build, which runs {@code hangdoctor-cli/target/hangdoctor.jar}. */
  static Path hangdoctor() {
    Path jar = root().resolve("hangdoctor-cli/target/hangdoctor.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(
          "no " + jar + ": these tests run the CLI this build made (./mvnw -DskipTests package)");
    }
    return root().resolve("bin/hangdoctor");
  }

  /**
   * Every CPython 3.11+ with the GIL on this machine (a visible skip, or a CI failure, if none).
   */
  static List<PythonInterpreter> pythons() {
    List<PythonInterpreter> found = new ArrayList<>();
    for (PythonInterpreter python : Interpreters.cpythons()) {
      if (python.atLeast(3, 11) && !python.freeThreaded()) {
        found.add(python);
      }
    }
    return Tool.CPYTHON_3_11_PLUS.requireAny(found);
  }

  /** Skips (visibly) an interpreter without the modules, e.g. Debian's python3.11 has no pytest. */
  static void assumeModules(PythonInterpreter python, String... modules) throws Exception {
    String imports = "import " + String.join(", ", modules);
    Processes.Finished probe =
        Processes.run(
            List.of(python.path().toString(), "-c", imports),
            Path.of("."),
            Map.of(),
            Duration.ofSeconds(60));
    Assumptions.assumeTrue(
        probe.status() == 0,
        () ->
            python
                + " cannot import "
                + String.join(", ", modules)
                + " (pip install "
                + String.join(" ", modules).replace("xdist", "pytest-xdist").replace("_", "-")
                + ")");
  }

  /** The venv's python for {@code python}, made (or refreshed) when needed. */
  static synchronized Path venvPython(PythonInterpreter python) throws Exception {
    Path ready = READY.get(python.path());
    if (ready != null) {
      return ready;
    }
    Path source = root().resolve("python");
    String digest = digest(source);
    Path venv =
        Path.of("target/python-venvs")
            .toAbsolutePath()
            .resolve(python.version() + "-" + Integer.toHexString(python.path().hashCode()));
    Path marker = venv.resolve("installed-" + digest);
    Path venvPython = venv.resolve("bin/python");
    if (!Files.isRegularFile(marker)) {
      deleteTree(venv);
      Files.createDirectories(venv.getParent());
      String base = python.path().toString();
      expectSuccess(
          Processes.run(
              List.of(
                  base, "-m", "venv", "--without-pip", "--system-site-packages", venv.toString()),
              venv.getParent(),
              Map.of(),
              INSTALL_LIMIT),
          "python -m venv");
      expectSuccess(
          Processes.run(
              List.of(
                  installer(python).toString(),
                  "-m",
                  "pip",
                  "--python",
                  venvPython.toString(),
                  "--disable-pip-version-check",
                  "--no-input",
                  "install",
                  "--no-index",
                  "--no-deps",
                  source.toString()),
              venv.getParent(),
              Map.of(),
              INSTALL_LIMIT),
          "pip install python/");
      Files.writeString(marker, python + "\n");
    }
    READY.put(python.path(), venvPython);
    return venvPython;
  }

  /**
   * A pip that knows --python (22.3+): the interpreter's own, else the first found that has one.
   */
  private static Path installer(PythonInterpreter python) throws Exception {
    List<Path> candidates = new ArrayList<>(List.of(python.path()));
    Interpreters.cpythons().forEach(p -> candidates.add(p.path()));
    for (Path candidate : candidates) {
      Processes.Finished probe =
          Processes.run(
              List.of(
                  candidate.toString(),
                  "-c",
                  "import pip, sys; sys.exit(tuple(map(int, pip.__version__.split('.')[:2]))"
                      + " < (22, 3))"),
              Path.of("."),
              Map.of(),
              Duration.ofSeconds(60));
      if (probe.status() == 0) {
        return candidate;
      }
    }
    throw new AssertionError("no CPython here has pip 22.3 or later, to install python/");
  }

  private static void expectSuccess(Processes.Finished finished, String what) {
    if (finished.status() != 0) {
      throw new AssertionError(what + " failed (" + finished.status() + "):\n" + finished.output());
    }
  }

  private static String digest(Path source) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.toString().contains("__pycache__"))
              .sorted()
              .toList()) {
        sha.update(
            source.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(file));
      }
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
