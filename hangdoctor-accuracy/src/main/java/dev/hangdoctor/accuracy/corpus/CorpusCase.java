package dev.hangdoctor.accuracy.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One case folder of the corpus ({@code corpus/hangs/<id>} or {@code corpus/controls/<id>}) as its
 * {@code case.json} describes it; see {@code corpus/README.md}.
 *
 * @param dir the case folder
 * @param caseClass the {@code class} field ({@code loop-block}, {@code healthy-busy}, …)
 * @param requires Python modules the case imports beyond the standard library
 * @param skip runtime label ({@code 3.14}, {@code 17}) to the reason the case cannot run there
 * @param escapes true when the hang under test is a process leaving the case's tree
 */
public record CorpusCase(
    String id,
    Path dir,
    CaseKind kind,
    String caseClass,
    CaseRuntime runtime,
    List<String> requires,
    Map<String, String> skip,
    boolean escapes,
    String sourceUrl,
    Truth truth) {

  public CorpusCase {
    requires = List.copyOf(requires);
    skip = Map.copyOf(skip);
  }

  /** True for a hang, false for a control. */
  public boolean isHang() {
    return kind == CaseKind.HANG;
  }
}
