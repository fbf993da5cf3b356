package org.hemamet.report;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report reads a run and renders it; it trains and explains nothing. So it depends on neither the
 * network ({@code model}, DJL), nor prediction and heat maps ({@code predict}), nor the study's training
 * code: of {@code study} it reads only the config record that study.json holds.
 */
class ReportArchitectureTest {
    static JavaClasses report;

    @BeforeAll
    static void load() {
        report = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hemamet.report");
    }

    @Test
    void reportDependsOnNeitherModelNorPredictNorDjl() {
        noClasses()
                .that()
                .resideInAPackage("org.hemamet.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.hemamet.model..", "org.hemamet.predict..", "ai.djl..")
                .check(report);
    }

    @Test
    void reportReadsOnlyTheStudyConfigOfTheStudyPackage() {
        noClasses()
                .that()
                .resideInAPackage("org.hemamet.report..")
                .should()
                .dependOnClassesThat(resideInAPackage("org.hemamet.study..").and(not(studyConfigOrItsNestedTypes())))
                .check(report);
    }

    /** By name: with dependencies not resolved from the class path, nested types carry no enclosing class. */
    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>
            studyConfigOrItsNestedTypes() {
        String name = StudyConfig.class.getName();
        return com.tngtech.archunit.base.DescribedPredicate.describe(
                "StudyConfig or a type nested in it",
                c -> c.getName().equals(name) || c.getName().startsWith(name + "$"));
    }
}
