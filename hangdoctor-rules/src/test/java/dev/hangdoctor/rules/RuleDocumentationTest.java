package dev.hangdoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule's id names its page under docs/rules/, which says what it matches and the fix. */
class RuleDocumentationTest {
  private static final Path DOCS = Path.of("..", "docs", "rules");

  @Test
  void everyRuleHasItsPageWithSignatureEvidenceAndFix() throws IOException {
    List<String> ids = new ArrayList<>();
    KnownSignatures.all().forEach(rule -> ids.add(rule.id()));
    KnownSignatures.acrossProcesses().forEach(rule -> ids.add(rule.id()));

    for (String id : ids) {
      Path page = DOCS.resolve(id + ".md");
      assertThat(page).as("docs/rules/%s.md", id).exists();
      String text = Files.readString(page);
      assertThat(text).startsWith("# " + id).contains("## Signature").contains("## Fix");
    }
  }

  @Test
  void jvmRulesArePrefixedJvm() {
    assertThat(KnownSignatures.all())
        .filteredOn(rule -> rule.getClass().getPackageName().endsWith(".jvm"))
        .hasSize(11)
        .allSatisfy(rule -> assertThat(rule.id()).startsWith("jvm-"));
  }
}
