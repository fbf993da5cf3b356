package org.hemamet.metrics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** metrics/ is plain Java over arrays: no DJL, no hemamet package but core/. */
class MetricsArchitectureTest {
    @Test
    void metricsDependsOnlyOnCore() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hemamet.metrics");
        noClasses()
                .that()
                .resideInAPackage("org.hemamet.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl..",
                        "org.hemamet.cli..",
                        "org.hemamet.model..",
                        "org.hemamet.study..",
                        "org.hemamet.cohort..",
                        "org.hemamet.dicom..",
                        "org.hemamet.preprocess..",
                        "org.hemamet.report..",
                        "org.hemamet.ingest..",
                        "org.hemamet.synth..",
                        "org.hemamet.annotation..",
                        "org.hemamet.provenance..")
                .check(classes);
    }
}
