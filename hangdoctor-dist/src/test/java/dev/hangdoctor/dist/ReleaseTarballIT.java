package dev.hangdoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as a user gets it: unpacked somewhere else, run through a symlink on a PATH
 * that has no java and without JAVA_HOME (only the bundled runtime can run it), the demo diagnosed
 * end to end; the man page read by man(1), the completion loaded by bash, and the plain jar run by
 * {@code java -jar}.
 */
class ReleaseTarballIT {
  private static final Path TARBALL = Path.of(System.getProperty("hangdoctor.tarball"));
  private static final String VERSION = System.getProperty("hangdoctor.version");
  private static final long BOUND_SECONDS = 300;

  @TempDir static Path unpacked;
  private static Path release;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(TARBALL).isRegularFile();
    Result tar = run(List.of("tar", "-xzf", TARBALL.toString(), "-C", unpacked.toString()), null);
    assertThat(tar.exitCode()).as(tar.err()).isZero();
    release = unpacked.resolve("hangdoctor-" + VERSION);
  }

  @Test
  void theTarballHoldsTheLauncherJarRuntimeManPageCompletionAndLicence() {
    assertThat(release.resolve("bin/hangdoctor")).isExecutable();
    assertThat(release.resolve("lib/hangdoctor.jar")).isRegularFile();
    assertThat(release.resolve("runtime/bin/java")).isExecutable();
    assertThat(release.resolve("runtime/release")).isRegularFile();
    assertThat(release.resolve("share/man/man1/hangdoctor.1")).isRegularFile();
    assertThat(release.resolve("share/bash-completion/completions/hangdoctor")).isRegularFile();
    assertThat(release.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
    assertThat(release.resolve("README.md")).isRegularFile();
    assertThat(release.resolve("docs/rules/process-stopped.md")).isRegularFile();
    assertThat(release.resolve("python")).isDirectoryContaining("glob:**/hangdoctor-*.whl");
  }

  @Test
  void theBundledRuntimeStartsFromAStartupCache(@TempDir Path tmp) throws Exception {
    String runtime = Files.readString(release.resolve("runtime/release"));
    int feature =
        Integer.parseInt(
            runtime.replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1")); // 17 for "17.0.15"
    try (var files = Files.list(release.resolve("lib"))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("an AOT cache beside the jar for a JDK 24+ runtime, made on first use before")
          .filteredOn(name -> name.matches("hangdoctor-\\d+\\.(jsa|aot)"))
          .hasSize(feature >= 24 ? 1 : 0);
    }
    Path launcher = release.resolve("bin/hangdoctor");
    Map<String, String> env =
        Map.of(
            "PATH", "/usr/bin:/bin",
            "HANGDOCTOR_JAVA", release.resolve("runtime/bin/java").toString(),
            "XDG_CACHE_HOME", tmp.resolve("cache").toString());
    Result first = run(List.of(launcher.toString(), "--version"), env);
    Path loaded = tmp.resolve("classes.log");
    Map<String, String> logged = new java.util.HashMap<>(env);
    logged.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + loaded);
    Result second = run(List.of(launcher.toString(), "--version"), logged);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(Files.readString(loaded))
        .as("unpacked elsewhere than it was built, the runtime starts from a cache")
        .containsPattern("dev\\.hangdoctor\\.cli\\.Main source: shared objects file");
  }

  @Test
  void theRuntimeHoldsOnlyTheModulesTheCliNeeds() throws Exception {
    String modules = Files.readString(release.resolve("runtime/release"));

    assertThat(modules)
        .contains("java.base", "jdk.unsupported")
        .doesNotContain("java.desktop", "java.sql", "jdk.compiler", "java.xml");
  }

  @Test
  void theDemoRunsFromASymlinkOnAPathWithoutJavaAndWithoutJavaHome(@TempDir Path bin)
      throws Exception {
    Path python3 = Tool.PYTHON3.require(Interpreters.python3());
    for (String tool : List.of("bash", "readlink", "dirname")) {
      Files.createSymbolicLink(bin.resolve(tool), Tool.onPath(tool).orElseThrow());
    }
    Files.createSymbolicLink(bin.resolve("python3"), python3);
    Path hangdoctor =
        Files.createSymbolicLink(bin.resolve("hangdoctor"), release.resolve("bin/hangdoctor"));
    assertThat(bin.resolve("java")).doesNotExist();
    Map<String, String> env = Map.of("PATH", bin.toString());

    Result version = run(List.of(hangdoctor.toString(), "--version"), env);
    Result demo = run(List.of(hangdoctor.toString(), "demo"), env);

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("hangdoctor " + VERSION + "\n");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("started a price service")
        .containsPattern("(?m)^HANG: event loop blocked in executor shutdown")
        .contains("Stopped the demo service");
  }

  @Test
  void manReadsTheInstalledPage() throws Exception {
    Path man = Tool.MAN.require(Tool.onPath("man"));

    Result page =
        run(
            List.of(
                man.toString(),
                "--warnings",
                "-l",
                release.resolve("share/man/man1/hangdoctor.1").toString()),
            // the C locale of cron and containers: the page is plain ASCII
            Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "MANWIDTH", "80", "MANPAGER", "cat"));

    assertThat(page.exitCode()).as(page.err()).isZero();
    assertThat(page.err()).as("groff warnings").isEmpty();
    assertThat(page.out()).contains("HANGDOCTOR(1)", "EXIT STATUS", "hangdoctor " + VERSION);
  }

  @Test
  void bashLoadsTheCompletion() throws Exception {
    Path completion = release.resolve("share/bash-completion/completions/hangdoctor");

    Result loaded =
        run(
            List.of("bash", "-c", "source \"$0\" && complete -p hangdoctor", completion.toString()),
            null);

    assertThat(loaded.exitCode()).as(loaded.err()).isZero();
    assertThat(loaded.out()).startsWith("complete ").contains("-F _complete_hangdoctor hangdoctor");
  }

  @Test
  void theWheelInstallsAndFindsTheCliItBundles(@TempDir Path dir) throws Exception {
    Path wheel;
    try (var files = Files.list(release.resolve("python"))) {
      wheel =
          files.filter(f -> f.toString().endsWith("-py3-none-any.whl")).findFirst().orElseThrow();
    }
    Path python =
        Tool.CPYTHON_3_11_PLUS
            .requireAny(
                Interpreters.cpythons().stream()
                    .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
                    .toList())
            .get(0)
            .path();
    Path venv = dir.resolve("venv");
    Result created =
        run(List.of(python.toString(), "-m", "venv", "--without-pip", venv.toString()), null);
    assertThat(created.exitCode()).as(created.err()).isZero();
    Path installer = pipWithPythonOption();
    Result installed =
        run(
            List.of(
                installer.toString(),
                "-m",
                "pip",
                "--python",
                venv.resolve("bin/python").toString(),
                "--disable-pip-version-check",
                "install",
                "--no-index",
                wheel.toString()),
            null);
    assertThat(installed.exitCode()).as(installed.out() + installed.err()).isZero();

    // No hangdoctor on this PATH and no HANGDOCTOR: the package runs the jar it bundles.
    Result self =
        run(
            List.of(
                venv.resolve("bin/python").toString(),
                "-c",
                "import hangdoctor_guard as g; print(g.locate()[-1]);"
                    + " print(g.diagnose_self().kind)"),
            Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", dir.toString()));

    assertThat(self.exitCode()).as(self.err()).isZero();
    assertThat(self.out())
        .as(self.err())
        .endsWith("/hangdoctor_guard/_bundled/hangdoctor.jar\nNO_HANG\n");
  }

  /** A CPython whose pip has --python (22.3+), to install into a venv without pip. */
  private static Path pipWithPythonOption() throws Exception {
    for (var python : Interpreters.cpythons()) {
      Result probe =
          run(
              List.of(
                  python.path().toString(),
                  "-c",
                  "import pip, sys; sys.exit(tuple(map(int, pip.__version__.split('.')[:2]))"
                      + " < (22, 3))"),
              null);
      if (probe.exitCode() == 0) {
        return python.path();
      }
    }
    throw new AssertionError("no CPython here has pip 22.3 or later");
  }

  @Test
  void theJarAloneRunsWithJavaJar() throws Exception {
    Path jar = TARBALL.resolveSibling("hangdoctor-" + VERSION + ".jar");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    Result version = run(List.of(java.toString(), "-jar", jar.toString(), "--version"), null);

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("hangdoctor " + VERSION + "\n");
  }

  private record Result(int exitCode, String out, String err) {}

  /** Runs {@code command} with {@code env} replacing the whole environment (null: inherit it). */
  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile("release-it", ".out");
    Path err = Files.createTempFile("release-it", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    if (env != null) {
      builder.environment().clear();
      builder.environment().putAll(env);
    }
    Process process = builder.start();
    try {
      assertThat(process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS))
          .as("%s finished", command)
          .isTrue();
      return new Result(process.exitValue(), read(out), read(err));
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
