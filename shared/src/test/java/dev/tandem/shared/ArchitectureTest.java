package dev.tandem.shared;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages of {@code shared} form layers: {@code record} (the data) at the bottom, the concepts
 * above it, {@code decode} (which needs the definition, schema, validation and masking) on top.
 */
class ArchitectureTest {

    private static final JavaClasses SHARED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tandem.shared");

    @Test
    void noPackageCycles() {
        slices().matching("dev.tandem.shared.(*)..").should().beFreeOfCycles().check(SHARED);
    }
}
