package dev.hangdoctor.diagnosis.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on process trees recorded from real programs ({@code trees/NAME.json} the root, {@code
 * NAME.1.json}, … its children, each the output of {@code hangdoctor inspect PID --json --samples
 * 3} taken at the same moment through {@code corpus/try-case}).
 */
class VerdictRecordedTreeTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /**
   * corpus native-archiver-leaked-write-end (2026-12-03): log_archiver waits in waitpid for the
   * first gzip, whose stdin's write end only the second gzip holds (inherited when log_archiver
   * forked it), and the second gzip reads a pipe whose write end log_archiver holds.
   */
  @Test
  void aWriteEndLeakedIntoASiblingKeepsTheVerdictWithTheParentThatLeakedIt() {
    Diagnosis tree = diagnose("native-archiver");

    Verdict verdict = Verdict.of(tree);

    assertThat(verdict.kind()).isEqualTo(Verdict.Kind.HANG);
    assertThat(verdict.process()).isSameAs(tree);
    assertThat(verdict.lead().orElseThrow().ruleId()).isEqualTo("waits-on-child");
    assertThat(verdict.lead().orElseThrow().keyFrames())
        .extracting(f -> f.function())
        .contains("archive_close", "main");
    assertThat(tree.children())
        .as("the readers still say why they wait")
        .anySatisfy(
            child -> assertThat(child.findings().get(0).ruleId()).isEqualTo("never-eof-pipe"));
  }

  private static Diagnosis diagnose(String name) {
    List<Inspection> children = new ArrayList<>();
    for (int i = 1; resource(name + "." + i) != null; i++) {
      children.add(load(name + "." + i));
    }
    return KnownSignatures.engine().diagnose(load(name), children);
  }

  private static InputStream resource(String name) {
    return VerdictRecordedTreeTest.class.getResourceAsStream("/trees/" + name + ".json");
  }

  private static Inspection load(String name) {
    try (InputStream in = resource(name)) {
      return MAPPER.readValue(in, Inspection.class);
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }
}
