package dev.hangdoctor.accuracy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.accuracy.corpus.CaseRuntime;
import dev.hangdoctor.accuracy.launch.Commands;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.PythonInterpreter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the runtimes to run the corpus on: one CPython per minor version 3.11 and later (where a
 * machine has two, the one with more of {@code corpus/requirements.txt} installed, so Debian's
 * externally managed {@code /usr/bin/python3.11} gives way to pyenv's 3.11), the native runtime
 * when a C compiler is there, and every JDK (a {@code bin/javac} next to {@code bin/java}).
 * Explicit {@code --python} and {@code --jdk} lists replace discovery. What is found but not used
 * is noted, with the reason.
 */
public final class RuntimeFinder {
  private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);
  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);
  private static final Pattern REQUIREMENT = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
  private static final String PROBE =
      String.join(
          "\n",
          "import importlib.metadata, importlib.util, json, sys, sysconfig",
          "def found(module):",
          "    try:",
          "        return importlib.util.find_spec(module) is not None",
          "    except Exception:",
          "        return False",
          "def installed(dist):",
          "    try:",
          "        importlib.metadata.version(dist)",
          "        return True",
          "    except Exception:",
          "        return False",
          "modules = [m for m in sys.argv[1].split(',') if m]",
          "dists = [d for d in sys.argv[2].split(',') if d]",
          "print(json.dumps({'impl': sys.implementation.name,",
          "    'version': list(sys.version_info[:3]),",
          "    'freeThreaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),",
          "    'missing': [m for m in modules if not found(m)],",
          "    'installed': sum(installed(d) for d in dists)}))");

  private final Set<String> modules;
  private final List<String> distributions;
  private final List<String> notes = new ArrayList<>();

  /**
   * @param modules every module the selected cases require
   * @param requirements {@code corpus/requirements.txt}; its distributions decide between two
   *     interpreters of one minor version
   */
  public RuntimeFinder(Collection<String> modules, Path requirements) throws IOException {
    this.modules = new TreeSet<>(modules);
    this.distributions = Files.exists(requirements) ? distributions(requirements) : List.of();
  }

  /** What was found and not used, and why, one line each. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * The CPythons to run Python cases on: {@code explicit} if given, else one per minor version
   * found.
   *
   * @throws IllegalArgumentException when an explicit path is not a CPython
   */
  public List<RuntimeUnderTest> pythons(List<Path> explicit)
      throws IOException, InterruptedException {
    List<Probed> probed = new ArrayList<>();
    if (!explicit.isEmpty()) {
      for (Path path : explicit) {
        Probed p =
            probe(path)
                .orElseThrow(
                    () -> new IllegalArgumentException(path + " is not a CPython interpreter"));
        if (p.freeThreaded) {
          throw new IllegalArgumentException(
              path + " is a free-threaded build, which hangdoctor does not read");
        }
        probed.add(p);
      }
      return label(probed);
    }
    Map<Integer, Probed> byMinor = new LinkedHashMap<>();
    for (PythonInterpreter python : Interpreters.cpythons()) {
      if (!python.atLeast(3, 11)) {
        continue;
      }
      if (python.freeThreaded()) {
        notes.add(python + ": not used, free-threaded builds are not read by hangdoctor");
        continue;
      }
      Optional<Probed> found = probe(python.path());
      if (found.isEmpty()) {
        notes.add(python + ": not used, it did not answer the probe");
        continue;
      }
      Probed candidate = found.get();
      Probed other = byMinor.get(candidate.minor());
      if (other == null) {
        byMinor.put(candidate.minor(), candidate);
        continue;
      }
      Probed better = BETTER.compare(candidate, other) < 0 ? candidate : other;
      Probed worse = better == candidate ? other : candidate;
      byMinor.put(candidate.minor(), better);
      notes.add(
          "CPython "
              + worse.version()
              + " ("
              + worse.path
              + "): not used, CPython "
              + better.version()
              + " ("
              + better.path
              + ") has "
              + better.installed
              + " of the "
              + distributions.size()
              + " packages of corpus/requirements.txt, it has "
              + worse.installed);
    }
    List<Probed> chosen = new ArrayList<>(byMinor.values());
    chosen.sort(Comparator.comparingInt(Probed::minor));
    return label(chosen);
  }

  /** The native runtime: any python3 runs {@code start}, which compiles with {@code cc}. */
  public Optional<RuntimeUnderTest> c() {
    Optional<Path> python = Interpreters.python3();
    if (python.isEmpty()) {
      notes.add("C cases: no python3 to run their start scripts");
      return Optional.empty();
    }
    if (onPath("cc").isEmpty()) {
      notes.add("C cases: no C compiler (cc) on the PATH");
      return Optional.empty();
    }
    return Optional.of(
        new RuntimeUnderTest(
            CaseRuntime.C, "c", "native (cc)", python.get(), Optional.empty(), Set.of()));
  }

  /** The JDKs for JVM cases: {@code explicit} homes if given, else every JDK found. */
  public List<RuntimeUnderTest> jdks(List<Path> explicit) {
    Optional<Path> python = Interpreters.python3();
    List<JdkHome> homes = new ArrayList<>();
    if (!explicit.isEmpty()) {
      for (Path home : explicit) {
        homes.add(
            new JdkHome(
                home,
                feature(home)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                home + " is not a JDK home (no release file with JAVA_VERSION)"))));
      }
    } else {
      homes.addAll(Interpreters.jdks());
    }
    List<RuntimeUnderTest> found = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (JdkHome jdk : homes) {
      if (!Files.isExecutable(jdk.home().resolve("bin/javac"))) {
        String reason = jdk + ": not used, it has no javac";
        if (!explicit.isEmpty()) {
          throw new IllegalArgumentException(reason);
        }
        notes.add(reason);
        continue;
      }
      if (python.isEmpty()) {
        notes.add("JVM cases: no python3 to run their start scripts");
        return List.of();
      }
      String label = "jdk" + jdk.feature();
      if (!labels.add(label)) {
        label = label + "@" + jdk.home();
      }
      found.add(
          new RuntimeUnderTest(
              CaseRuntime.JVM,
              label,
              "JDK " + jdk.feature() + " (" + jdk.home() + ")",
              python.get(),
              Optional.of(jdk.home()),
              Set.of()));
    }
    return found;
  }

  private List<RuntimeUnderTest> label(List<Probed> pythons) {
    Map<Integer, Integer> perMinor = new LinkedHashMap<>();
    for (Probed p : pythons) {
      perMinor.merge(p.minor(), 1, Integer::sum);
    }
    List<RuntimeUnderTest> runtimes = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (Probed p : pythons) {
      String label = perMinor.get(p.minor()) > 1 ? p.version() : "3." + p.minor();
      if (!labels.add(label)) {
        label = label + "@" + p.path;
      }
      runtimes.add(
          new RuntimeUnderTest(
              CaseRuntime.PYTHON,
              label,
              "CPython " + p.version() + " (" + p.path + ")",
              p.path,
              Optional.empty(),
              p.missing));
    }
    return runtimes;
  }

  private static final Comparator<Probed> BETTER =
      Comparator.comparingInt((Probed p) -> -p.installed)
          .thenComparingInt(p -> p.missing.size())
          .thenComparingInt(p -> -p.micro);

  private record Probed(
      Path path,
      int major,
      int minorVersion,
      int micro,
      boolean freeThreaded,
      Set<String> missing,
      int installed) {
    int minor() {
      return minorVersion;
    }

    String version() {
      return major + "." + minorVersion + "." + micro;
    }
  }

  private Optional<Probed> probe(Path python) throws IOException, InterruptedException {
    Commands.Result result =
        Commands.run(
            List.of(
                python.toString(),
                "-c",
                PROBE,
                String.join(",", modules),
                String.join(",", distributions)),
            Map.of(),
            PROBE_LIMIT);
    if (!result.succeeded()) {
      return Optional.empty();
    }
    JsonNode answer;
    try {
      answer = new ObjectMapper().readTree(result.out().strip());
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!"cpython".equals(answer.path("impl").asText()) || answer.path("version").size() != 3) {
      return Optional.empty();
    }
    Set<String> missing = new TreeSet<>();
    answer.path("missing").forEach(m -> missing.add(m.asText()));
    JsonNode version = answer.path("version");
    return Optional.of(
        new Probed(
            python,
            version.get(0).asInt(),
            version.get(1).asInt(),
            version.get(2).asInt(),
            answer.path("freeThreaded").asBoolean(),
            missing,
            answer.path("installed").asInt()));
  }

  private static List<String> distributions(Path requirements) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(requirements, StandardCharsets.UTF_8)) {
      String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
      Matcher m = REQUIREMENT.matcher(content);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static Optional<Integer> feature(Path home) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The first executable {@code name} on the PATH. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }
}
