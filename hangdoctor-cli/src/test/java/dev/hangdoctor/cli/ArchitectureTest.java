package dev.hangdoctor.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of STYLE.md, enforced: evidence ← linux ← cpython ← cli, evidence ← linux ←
 * diagnosis ← runner ← cli, evidence ← linux ← diagnosis ← probe ← cli; only cli prints or exits.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("/dev/hangdoctor/testkit/"))
          .importPackages("dev.hangdoctor");

  @Test
  void theEvidenceModelDependsOnNothingButTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.hangdoctor.evidence..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.hangdoctor.evidence..", "java..")
        .check(PRODUCTION);
  }

  @Test
  void dependenciesPointOneWay() {
    noClasses()
        .that()
        .resideInAPackage("dev.hangdoctor.linux..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hangdoctor.cpython..", "dev.hangdoctor.diagnosis..", "dev.hangdoctor.cli..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAPackage("dev.hangdoctor.cpython..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.hangdoctor.diagnosis..", "dev.hangdoctor.cli..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAPackage("dev.hangdoctor.diagnosis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hangdoctor.runner..", "dev.hangdoctor.probe..", "dev.hangdoctor.cli..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAPackage("dev.hangdoctor.runner..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hangdoctor.cpython..", "dev.hangdoctor.probe..", "dev.hangdoctor.cli..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAPackage("dev.hangdoctor.probe..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hangdoctor.cpython..", "dev.hangdoctor.runner..", "dev.hangdoctor.cli..")
        .check(PRODUCTION);
  }

  @Test
  void productionCodeNeverUsesTheTestkit() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.hangdoctor.testkit..")
        .check(PRODUCTION);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.hangdoctor.(**)").should().beFreeOfCycles().check(PRODUCTION);
  }

  @Test
  void onlyTheCliPrintsOrExits() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.hangdoctor.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .check(PRODUCTION);
  }

  @Test
  void onlyMainExits() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(PRODUCTION);
  }

  @Test
  void internalPackagesStayInsideTheirModule() {
    for (String module :
        new String[] {"evidence", "linux", "cpython", "diagnosis", "runner", "probe", "cli"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.hangdoctor." + module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.hangdoctor." + module + ".internal..")
          .allowEmptyShould(true)
          .check(PRODUCTION);
    }
  }
}
