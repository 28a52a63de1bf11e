package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CBinariesTest {

  @Test
  void compilesOnceIntoTheModulesTargetFolder() throws Exception {
    Path binary = CBinaries.compile("tree.c");
    assertThat(binary).isExecutable().hasFileName("tree");
    assertThat(binary.toString()).contains("/target/testkit-bin/tree-");
    long modified = Files.getLastModifiedTime(binary).toMillis();
    assertThat(CBinaries.compile("tree.c")).isEqualTo(binary);
    assertThat(Files.getLastModifiedTime(binary).toMillis()).isEqualTo(modified);
  }

  @Test
  void concurrentCompilesAgreeAndLeaveNoTemporaryFiles() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> CBinaries.compile("many.c")));
      }
      Path first = results.get(0).get(60, TimeUnit.SECONDS);
      for (Future<Path> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(first).isExecutable();
      }
      try (Stream<Path> files = Files.list(first.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("many");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failsWithGccsComplaint() {
    assertThatThrownBy(() -> CBinaries.compile("broken.c"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("gcc failed")
        .hasMessageContaining("undeclared_testkit_symbol");
  }

  @Test
  void failsForAnUnknownSource() {
    assertThatThrownBy(() -> CBinaries.compile("no-such-target.c"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/dev/hangdoctor/testkit/targets/no-such-target.c");
  }
}
