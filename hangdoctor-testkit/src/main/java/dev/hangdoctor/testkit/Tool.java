package dev.hangdoctor.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * An optional program or package a test needs, and the one rule for when it is missing: the test is
 * skipped with the reason (printed in the Maven output by {@link SkipReporter}), unless it runs
 * under CI ({@value #CI_VARIABLE}{@code =true}, which {@code .ci/run} sets and CI services set
 * themselves) and CI must have the tool ({@code .ci/run} installs it, or the CI image provides it,
 * as pyenv's CPythons): then the test fails, so a CI run that silently lost a tool cannot pass.
 */
public enum Tool {
  GCC("gcc", "apt-get install gcc libc6-dev", true),
  GDB("gdb (the reference for native stacks)", "apt-get install gdb", true),
  KERNEL_HEADERS(
      "the kernel's system call table (/usr/include/x86_64-linux-gnu/asm/unistd_64.h)",
      "apt-get install linux-libc-dev",
      true),
  PYTHON3("python3 (CPython 3.8 or later)", "apt-get install python3", true),
  CPYTHON_3_11_PLUS("a CPython 3.11 or later with the GIL", "apt-get install python3.11", true),
  CPYTHON_3_14("CPython 3.14", ".ci/install-python3.14", true),
  CPYTHON_3_10(
      "CPython 3.10 (to check the unsupported-version message)", "pyenv install 3.10", true),
  PYENV_CPYTHONS("pyenv's CPython builds under /root/.pyenv/versions", "pyenv install 3.12", true),
  PY_SPY("py-spy", "pip install py-spy", true),
  PYTEST("a CPython 3.11+ with pytest", "pip install pytest", true),
  FASTAPI_UVICORN("a CPython 3.11+ with FastAPI and uvicorn", "pip install fastapi uvicorn", true),
  TRIO("a CPython 3.11+ with trio", "pip install trio", true),
  JDK_17("a JDK 17", "apt-get install openjdk-17-jdk-headless", true),
  CURRENT_JDK("a JDK 21 or later", "a Temurin or OpenJDK 21+ under /usr/lib/jvm", true),
  ROOT("root (to start a target as another user)", "run the tests as root", false),
  TASKSET("taskset (to pin a CPU hog)", "apt-get install util-linux", true),
  MAN("man (man-db) and groff, to check the manual page", "apt-get install man-db", true);

  /** The environment variable that turns a missing tool CI must have into a failure. */
  public static final String CI_VARIABLE = "CI";

  private final String what;
  private final String install;
  private final boolean requiredInCi;

  Tool(String what, String install, boolean requiredInCi) {
    this.what = what;
    this.install = install;
    this.requiredInCi = requiredInCi;
  }

  /**
   * The tool found, or the end of this test: a visible skip with the reason, or a failure under CI
   * when CI must have it.
   */
  public <T> T require(Optional<T> found) {
    return require(found, underCi());
  }

  <T> T require(Optional<T> found, boolean underCi) {
    if (found.isPresent()) {
      return found.get();
    }
    String reason = missingReason();
    if (requiredInCi && underCi) {
      throw new AssertionError(
          reason + ", and CI (" + CI_VARIABLE + "=true) must have it (see .ci/run)");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable: Assumptions.abort returned");
  }

  /** Like {@link #require(Optional)} for a list of candidates (interpreters): at least one. */
  public <T> List<T> requireAny(List<T> found) {
    return require(found.isEmpty() ? Optional.empty() : Optional.of(found));
  }

  /** Like {@link #require(Optional)} for a tool that is either there or not. */
  public void require(boolean present) {
    require(present ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Why a test is skipped without this tool, with how to get it. */
  public String missingReason() {
    return what + " is not available (" + install + ")";
  }

  /** Whether CI must have this tool, so a test needing it fails under CI without it. */
  public boolean requiredInCi() {
    return requiredInCi;
  }

  /** The first executable {@code program} in a directory of {@code PATH}. */
  public static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** True when the tests run under CI: {@value #CI_VARIABLE}{@code =true}. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv(CI_VARIABLE));
  }
}
