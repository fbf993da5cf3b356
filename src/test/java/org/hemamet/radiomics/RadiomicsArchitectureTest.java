package org.hemamet.radiomics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** radiomics/ is plain Java: the JDK and itself, nothing else (no DJL, no other hemamet package). */
class RadiomicsArchitectureTest {
    @Test
    void radiomicsDependsOnlyOnTheJdk() {
        JavaClasses imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hemamet.radiomics");
        classes()
                .that()
                .resideInAPackage("org.hemamet.radiomics..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("org.hemamet.radiomics..", "java..")
                .check(imported);
    }
}
