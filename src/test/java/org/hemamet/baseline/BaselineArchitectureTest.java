package org.hemamet.baseline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Only baseline/ imports LIBLINEAR; baseline/ needs no DJL. */
class BaselineArchitectureTest {
    @Test
    void onlyBaselineImportsLiblinearAndBaselineNeedsNoDjl() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hemamet");
        noClasses()
                .that()
                .resideOutsideOfPackage("org.hemamet.baseline..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("de.bwaldvogel..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("org.hemamet.baseline..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "org.hemamet.model..", "org.hemamet.study..", "org.hemamet.cli..")
                .check(classes);
    }
}
