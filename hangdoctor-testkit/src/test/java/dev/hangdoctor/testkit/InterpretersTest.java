package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks discovery against facts of this machine kind (see .library/env: pyenv, two JDKs). */
class InterpretersTest {

  @Test
  void python3IsACpythonOfAtLeast38() {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    assertThat(python).isExecutable();
    assertThat(Interpreters.cpythons())
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo(python.toRealPath());
              assertThat(p.atLeast(3, 8)).isTrue();
            });
  }

  @Test
  void findsEveryPyenvCpythonWithTheVersionItsFolderNames() throws IOException {
    List<PythonInterpreter> found = Interpreters.cpythons();
    Path versions = Path.of("/root/.pyenv/versions");
    try (Stream<Path> folders = Files.list(versions)) {
      for (Path folder :
          folders.filter(f -> f.getFileName().toString().matches("3\\.\\d+\\.\\d+")).toList()) {
        String version = folder.getFileName().toString();
        assertThat(found)
            .as("CPython from %s", folder)
            .anySatisfy(
                p -> {
                  assertThat(p.version()).isEqualTo(version);
                  assertThat(p.path()).startsWith(folder);
                  assertThat(p.freeThreaded()).isFalse();
                });
      }
    }
  }

  @Test
  void listsEachInterpreterOnceAndNoShims() {
    List<PythonInterpreter> found = Interpreters.cpythons();
    assertThat(found)
        .extracting(PythonInterpreter::path)
        .doesNotHaveDuplicates()
        .noneMatch(p -> p.toString().contains("/shims/"));
    assertThat(found)
        .anySatisfy(p -> assertThat(p.path()).isEqualTo(Path.of("/usr/bin/python3.11")));
  }

  @Test
  void findsCpython314ForTheLiveTestsToRunOn() {
    PythonInterpreter python314 =
        Tool.CPYTHON_3_14.require(
            Interpreters.cpythons().stream()
                .filter(p -> p.major() == 3 && p.minor() == 14 && !p.freeThreaded())
                .findFirst());

    assertThat(python314.path()).isExecutable();
    assertThat(python314.version()).startsWith("3.14.");
    assertThat(python314.atLeast(3, 11)).isTrue();
  }

  @Test
  void findsTheRunningJdkAndTheOthersUnderUsrLibJvm() throws IOException {
    List<JdkHome> jdks = Interpreters.jdks();
    Path running = Path.of(System.getProperty("java.home")).toRealPath();
    assertThat(jdks).extracting(JdkHome::home).doesNotHaveDuplicates();
    assertThat(jdks).contains(new JdkHome(running, Runtime.version().feature()));
    assertThat(jdks).extracting(JdkHome::feature).contains(17, 25);
    assertThat(jdks).allSatisfy(jdk -> assertThat(jdk.java()).isExecutable());
  }
}
