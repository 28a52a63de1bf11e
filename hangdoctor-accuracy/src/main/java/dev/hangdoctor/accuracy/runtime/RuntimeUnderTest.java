package dev.hangdoctor.accuracy.runtime;

import dev.hangdoctor.accuracy.corpus.CaseRuntime;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * One runtime the corpus is run on: a CPython (label {@code 3.12}), the native runtime (label
 * {@code c}) or a JDK (label {@code jdk25}).
 *
 * @param startPython the interpreter that runs a case's {@code start}: the CPython under test, or
 *     any python3 for C and JVM cases
 * @param javaHome the JDK under test, set as {@code JAVA_HOME} for JVM cases
 * @param missingModules the modules the selected cases require that this interpreter cannot import
 */
public record RuntimeUnderTest(
    CaseRuntime kind,
    String label,
    String description,
    Path startPython,
    Optional<Path> javaHome,
    Set<String> missingModules) {

  public RuntimeUnderTest {
    missingModules = Set.copyOf(missingModules);
  }

  /**
   * The keys of a case's {@code skip} map that name this runtime: its label, and for a JDK its bare
   * feature version too ({@code jdk17} and {@code 17}).
   */
  public Set<String> skipKeys() {
    return kind == CaseRuntime.JVM && label.startsWith("jdk")
        ? Set.of(label, label.substring(3))
        : Set.of(label);
  }

  @Override
  public String toString() {
    return label;
  }
}
