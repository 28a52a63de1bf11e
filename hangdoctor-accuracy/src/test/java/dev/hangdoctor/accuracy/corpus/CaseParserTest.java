package dev.hangdoctor.accuracy.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaseParserTest {
  private static final Path HANG = Path.of("/corpus/hangs/exit-map-pending-downloads");

  private static final String README_EXAMPLE =
      """
      {
        "id": "exit-map-pending-downloads",
        "kind": "hang",
        "class": "interpreter-exit",
        "runtime": "python",
        "program": "mirror_sync.py",
        "requires": ["fastapi", "uvicorn"],
        "skip": {"3.14": "gevent publishes no 3.14 wheel"},
        "source": {
          "url": "https://github.com/python/cpython/issues/86575",
          "reported": "One sentence on what the reporter saw."
        },
        "truth": {
          "verdict": ["exit-joins-threads"],
          "process": {"cmdline": "worker.py"},
          "thread": ["MainThread", "re:fetch_\\\\d+"],
          "frames": ["mirror_sync.py:fetch_page", "mirror_sync.py:sync"],
          "call": "urlopen",
          "explanation": ["exit"]
        }
      }
      """;

  @Test
  void readsTheExampleOfTheCorpusReadme() throws CorpusException {
    CorpusCase c = CaseParser.parse(README_EXAMPLE, HANG);

    assertThat(c.id()).isEqualTo("exit-map-pending-downloads");
    assertThat(c.kind()).isEqualTo(CaseKind.HANG);
    assertThat(c.caseClass()).isEqualTo("interpreter-exit");
    assertThat(c.runtime()).isEqualTo(CaseRuntime.PYTHON);
    assertThat(c.requires()).containsExactly("fastapi", "uvicorn");
    assertThat(c.skip()).isEqualTo(Map.of("3.14", "gevent publishes no 3.14 wheel"));
    assertThat(c.escapes()).isFalse();
    assertThat(c.sourceUrl()).isEqualTo("https://github.com/python/cpython/issues/86575");
    Truth truth = c.truth();
    assertThat(truth.verdicts()).containsExactly("exit-joins-threads");
    assertThat(truth.processCmdline()).hasValue("worker.py");
    assertThat(truth.threads()).containsExactly("MainThread", "re:fetch_\\d+");
    assertThat(truth.frames()).containsExactly("mirror_sync.py:fetch_page", "mirror_sync.py:sync");
    assertThat(truth.call()).hasValue("urlopen");
    assertThat(truth.explanation()).containsExactly("exit");
  }

  @Test
  void aControlHasNoTruthAndOptionalFieldsMayBeLeftOut() throws CorpusException {
    CorpusCase c =
        CaseParser.parse(
            """
            {"id": "long-poll-client", "kind": "control", "class": "healthy-io-wait",
             "runtime": "python", "truth": {}}
            """,
            Path.of("/corpus/controls/long-poll-client"));

    assertThat(c.isHang()).isFalse();
    assertThat(c.truth()).isEqualTo(Truth.none());
    assertThat(c.requires()).isEmpty();
    assertThat(c.skip()).isEmpty();
  }

  @Test
  void aHangWithOnlyAVerdictIsAnyThreadAnyFrame() throws CorpusException {
    CorpusCase c =
        CaseParser.parse(
            """
            {"id": "fd-leak", "kind": "hang", "class": "socket", "runtime": "c",
             "escapes": true, "truth": {"verdict": "close-wait-leak"}}
            """,
            Path.of("/corpus/hangs/fd-leak"));

    assertThat(c.runtime()).isEqualTo(CaseRuntime.C);
    assertThat(c.escapes()).isTrue();
    assertThat(c.truth())
        .isEqualTo(
            new Truth(
                List.of("close-wait-leak"),
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty(),
                List.of()));
  }

  @Test
  void saysWhatIsWrongWithABadCase() {
    assertBad("{", HANG, "not JSON");
    assertBad("[]", HANG, "not a JSON object");
    assertBad(
        README_EXAMPLE.replace("\"id\": \"exit-map", "\"id\": \"other"), HANG, "folder's name");
    assertBad(
        README_EXAMPLE, Path.of("/corpus/controls/exit-map-pending-downloads"), "under hangs/");
    assertBad(README_EXAMPLE.replace("\"hang\"", "\"stuck\""), HANG, "not hang or control");
    assertBad(README_EXAMPLE.replace("\"python\"", "\"ruby\""), HANG, "not python, c or jvm");
    assertBad(README_EXAMPLE.replace("\"exit-joins-threads\"", ""), HANG, "names no verdict id");
    assertBad(README_EXAMPLE.replace("re:fetch_", "re:fetch_("), HANG, "not a regular expression");
    assertBad(README_EXAMPLE.replace("mirror_sync.py:sync", "sync"), HANG, "not file:function");
    assertBad(
        README_EXAMPLE.replace("\"gevent publishes no 3.14 wheel\"", "\"\""), HANG, "no reason");
    assertBad(README_EXAMPLE.replace("\"worker.py\"", "\"\""), HANG, "cmdline");
    assertBad(README_EXAMPLE.replace("\"class\": \"interpreter-exit\",", ""), HANG, "\"class\"");
  }

  private static void assertBad(String json, Path dir, String reason) {
    assertThatThrownBy(() -> CaseParser.parse(json, dir))
        .isInstanceOf(CorpusException.class)
        .hasMessageStartingWith(dir.resolve("case.json").toString())
        .hasMessageContaining(reason);
  }
}
