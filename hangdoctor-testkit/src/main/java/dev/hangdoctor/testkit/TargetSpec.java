package dev.hangdoctor.testkit;

import dev.hangdoctor.testkit.internal.CacheDir;
import dev.hangdoctor.testkit.internal.RunMarker;
import dev.hangdoctor.testkit.internal.TargetResources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start as a {@link Target}: a C source from the testkit's targets (compiled on demand), a
 * Python script from them run by a given interpreter, a Java program from them run from source by a
 * given JDK, or any command; plus extra environment and how long to wait for {@code READY}.
 * Immutable; the {@code with…} methods return copies.
 */
public final class TargetSpec {
  /** How long {@link Target#start} waits for {@code READY} unless told otherwise. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(20);

  /**
   * The same for a Java target, which the JDK's launcher compiles in memory first: seconds on a
   * loaded machine.
   */
  public static final Duration JAVA_READY_TIMEOUT = Duration.ofSeconds(90);

  private enum Kind {
    C,
    PYTHON,
    JAVA,
    COMMAND
  }

  private final Kind kind;
  private final String resource;
  private final Path interpreter;
  private final List<String> launcherOptions;
  private final List<String> arguments;
  private final Map<String, String> env;
  private final Duration readyTimeout;

  private TargetSpec(
      Kind kind,
      String resource,
      Path interpreter,
      List<String> launcherOptions,
      List<String> arguments,
      Map<String, String> env,
      Duration readyTimeout) {
    this.kind = kind;
    this.resource = resource;
    this.interpreter = interpreter;
    this.launcherOptions = List.copyOf(launcherOptions);
    this.arguments = List.copyOf(arguments);
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    this.readyTimeout = readyTimeout;
  }

  /**
   * The C target {@code sourceResource} (a file name under {@code
   * /dev/hangdoctor/testkit/targets/}, e.g. {@code "threads.c"}), compiled by {@link
   * CBinaries#compile} when started.
   */
  public static TargetSpec c(String sourceResource, String... args) {
    Objects.requireNonNull(sourceResource, "sourceResource");
    return new TargetSpec(
        Kind.C, sourceResource, null, List.of(), List.of(args), Map.of(), DEFAULT_READY_TIMEOUT);
  }

  /**
   * The Python target {@code scriptResource} (under {@code /dev/hangdoctor/testkit/targets/}, e.g.
   * {@code "threads.py"}), extracted to the testkit's cache and run by {@code interpreter}.
   */
  public static TargetSpec python(Path interpreter, String scriptResource, String... args) {
    Objects.requireNonNull(interpreter, "interpreter");
    Objects.requireNonNull(scriptResource, "scriptResource");
    return new TargetSpec(
        Kind.PYTHON,
        scriptResource,
        interpreter,
        List.of(),
        List.of(args),
        Map.of(),
        DEFAULT_READY_TIMEOUT);
  }

  /**
   * The Java target {@code sourceResource} (a single-file program under {@code
   * /dev/hangdoctor/testkit/targets/}, e.g. {@code "JvmTarget.java"}), run from source by {@code
   * jdk}'s launcher (no {@code javac} needed) with {@code jvmOptions} before the file.
   */
  public static TargetSpec java(
      JdkHome jdk, String sourceResource, List<String> jvmOptions, String... args) {
    Objects.requireNonNull(jdk, "jdk");
    Objects.requireNonNull(sourceResource, "sourceResource");
    return new TargetSpec(
        Kind.JAVA,
        sourceResource,
        jdk.java(),
        jvmOptions,
        List.of(args),
        Map.of(),
        JAVA_READY_TIMEOUT);
  }

  /** Any command; it must print a {@code READY} line on stdout like the bundled targets. */
  public static TargetSpec command(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return new TargetSpec(
        Kind.COMMAND, null, null, List.of(), command, Map.of(), DEFAULT_READY_TIMEOUT);
  }

  /** A copy that also sets environment variable {@code key} for the target. */
  public TargetSpec withEnv(String key, String value) {
    if (key.equals(RunMarker.RUN_VARIABLE) || key.equals(RunMarker.TARGET_VARIABLE)) {
      throw new IllegalArgumentException(key + " is reserved for the testkit");
    }
    Map<String, String> copy = new LinkedHashMap<>(env);
    copy.put(key, Objects.requireNonNull(value, "value"));
    return new TargetSpec(
        kind, resource, interpreter, launcherOptions, arguments, copy, readyTimeout);
  }

  /** A copy that waits at most {@code timeout} for the target's {@code READY} line. */
  public TargetSpec withReadyTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("ready timeout must be positive: " + timeout);
    }
    return new TargetSpec(kind, resource, interpreter, launcherOptions, arguments, env, timeout);
  }

  /** The extra environment variables, in the order they were added. */
  public Map<String, String> env() {
    return env;
  }

  /** How long {@link Target#start} waits for {@code READY}. */
  public Duration readyTimeout() {
    return readyTimeout;
  }

  /** The command line to run, compiling or extracting the target first if needed. */
  List<String> resolveCommand() {
    List<String> command = new ArrayList<>();
    switch (kind) {
      case C -> command.add(CBinaries.compile(resource).toString());
      case PYTHON -> {
        command.add(interpreter.toString());
        command.add(extractScript(resource).toString());
      }
      case JAVA -> {
        command.add(interpreter.toString());
        command.addAll(launcherOptions);
        command.add(extractScript(resource).toString());
      }
      case COMMAND -> {}
    }
    command.addAll(arguments);
    return command;
  }

  private static Path extractScript(String scriptResource) {
    byte[] script = TargetResources.read(scriptResource);
    String fileName = Path.of(scriptResource).getFileName().toString();
    String stem = fileName.replaceAll("\\.(py|java)$", "");
    Path folder =
        CacheDir.entry(
            stem
                + "-"
                + TargetResources.digest(script, scriptResource.getBytes(StandardCharsets.UTF_8)));
    return CacheDir.materialize(folder.resolve(fileName), script);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case C -> "C target " + resource + " " + arguments;
      case PYTHON -> "Python target " + resource + " on " + interpreter + " " + arguments;
      case JAVA ->
          "Java target "
              + resource
              + " on "
              + interpreter
              + " "
              + launcherOptions
              + " "
              + arguments;
      case COMMAND -> "command " + arguments;
    };
  }
}
