package dev.tandem.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The engine is plain Java: the functions adapt it to Quarkus, Kafka and S3, never the other way round. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tandem.engine");

    @Test
    void noFrameworkOrClientImports() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.enterprise..",
                "jakarta.inject..", "io.smallrye..", "io.vertx..", "org.eclipse.microprofile..", "org.apache.kafka..",
                "software.amazon..", "org.jboss..", "io.micrometer..", "io.opentelemetry..", "dev.tandem.function..",
                "dev.tandem.microbatch..", "dev.tandem.batch..").check(ENGINE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.tandem.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }
}
