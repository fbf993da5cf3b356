package org.hemamet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.hemamet.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enforces the package rules of DEVELOPERS.md: one importer per heavy dependency, pure metrics, thin CLI.
 * Imports only the compiled main classes (the folder {@code Main.class} was loaded from), without resolving
 * their dependencies from the classpath ({@code archunit.properties}: a dependency is checked by its name),
 * so it takes a few seconds rather than scanning DJL, PixelMed and the rest.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() throws Exception {
        classes = mainClasses();
    }

    /** The compiled main classes of hemamet, dependencies unresolved. */
    static JavaClasses mainClasses() throws Exception {
        Path main = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ClassFileImporter().importPath(main);
    }

    @Test
    void theImportHoldsTheMainClassesOnly() {
        assertThat(classes.contain(Main.class)).isTrue();
        assertThat(classes.stream().map(JavaClass::getPackageName)).allMatch(p -> p.startsWith("org.hemamet"));
        assertThat(classes.stream().filter(c -> c.getSimpleName().endsWith("Test")))
                .isEmpty();
        assertThat(classes.size()).isGreaterThan(100);
        // unresolved dependencies are still seen by name: the rules below can fail
        assertThat(dependsOn("org.hemamet.model", "ai.djl")).isTrue();
        assertThat(dependsOn("org.hemamet.dicom", "com.pixelmed")).isTrue();
        assertThat(dependsOn("org.hemamet.cli", "picocli")).isTrue();
    }

    private static boolean dependsOn(String from, String to) {
        return classes.stream()
                .filter(c -> c.getPackageName().startsWith(from))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith(to));
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
