package dev.hangdoctor.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * evidence ← rules, as STYLE.md draws it: rules read evidence and nothing else, and never print.
 */
class RulesArchitectureTest {
  private static final JavaClasses RULES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.hangdoctor.rules");

  @Test
  void rulesDependOnlyOnTheEvidenceModelAndTheJdk() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.hangdoctor.rules..", "dev.hangdoctor.evidence..", "java..")
        .check(RULES);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.hangdoctor.(**)").should().beFreeOfCycles().check(RULES);
  }

  @Test
  void rulesNeitherPrintNorExit() {
    noClasses().should().accessField(System.class, "out").check(RULES);
    noClasses().should().accessField(System.class, "err").check(RULES);
    noClasses().should().callMethod(System.class, "exit", int.class).check(RULES);
  }
}
