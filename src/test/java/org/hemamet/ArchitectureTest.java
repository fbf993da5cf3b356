package org.hemamet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Enforces the package rules of DEVELOPERS.md: one importer per heavy dependency, pure metrics, thin CLI. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hemamet");
    }

    @Test
    void onlyDicomImportsPixelMed() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.hemamet.dicom..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.pixelmed..")
                .check(classes);
    }

    @Test
    void onlyModelImportsDjl() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.hemamet.model..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl..")
                .check(classes);
    }

    @Test
    void metricsIsPureJava() {
        noClasses()
                .that()
                .resideInAPackage("org.hemamet.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.hemamet.model..",
                        "org.hemamet.study..",
                        "org.hemamet.cli..",
                        "org.hemamet.dicom..",
                        "org.hemamet.report..",
                        "ai.djl..")
                .check(classes);
    }

    @Test
    void featurePackagesDoNotDependOnTheCli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.hemamet.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.hemamet.cli..")
                .check(classes);
    }

    @Test
    void onlyTheCliUsesPicocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.hemamet.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void onlyMainCallsSystemExit() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("org.hemamet.cli.Main")
                .should()
                .callMethod(System.class, "exit", int.class)
                .check(classes);
    }
}
