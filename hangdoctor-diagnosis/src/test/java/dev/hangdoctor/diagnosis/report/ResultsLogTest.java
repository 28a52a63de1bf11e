package dev.hangdoctor.diagnosis.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsLogTest {
  private static final String ROW = ResultsLog.row("d", "hangdoctor diagnose 1", "HANG", "a | b");

  @Test
  void cellsEscapePipesAndLineBreaks() {
    assertThat(ResultsLog.row("d", "c", "v", "one\n  two | three"))
        .isEqualTo("| d | `c` | v | one two \\| three |");
  }

  @Test
  void theRowGoesAfterTheLastRowOfTheLogEvenWhenSectionsFollow() {
    String document =
        "# T\n\n## Results log\n\n" + ResultsLog.HEADER + "\n| old |\n\n## Later section\ntext\n";

    assertThat(ResultsLog.append(document, ROW))
        .isEqualTo(
            "# T\n\n## Results log\n\n"
                + ResultsLog.HEADER
                + "\n| old |\n"
                + ROW
                + "\n\n## Later section\ntext\n");
  }

  @Test
  void aDocumentWithoutALogGetsOneAtItsEnd() {
    assertThat(ResultsLog.append("# My notes\n", ROW))
        .isEqualTo("# My notes\n\n## Results log\n\n" + ResultsLog.HEADER + "\n" + ROW + "\n");
  }

  @Test
  void aLogHeadingWithoutATableGetsTheTable() {
    assertThat(ResultsLog.append("### results LOG\n", ROW))
        .isEqualTo("### results LOG\n\n" + ResultsLog.HEADER + "\n" + ROW + "\n");
  }
}
