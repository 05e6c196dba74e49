package dev.chatarchive.whatsapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The plugin's package rules, checked on the compiled classes; each package's {@code package-info.java}
 * says what it may use. The sources (backups, exports, live) stand side by side behind the provider
 * and share only {@code jid} and {@code source}.
 */
class PackageRulesTest {

    private static final String PLUGIN = "dev.chatarchive.whatsapp";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(PLUGIN);

    @Test
    void loggers_arePrivateStaticFinalFieldsNamedLog() {
        fields().that().haveRawType("org.slf4j.Logger")
                .should().bePrivate().andShould().beStatic().andShould().beFinal().andShould().haveName("LOG")
                .check(CLASSES);
    }

    @Test
    void sourcesAndSharedPackages_haveNoCycles() {
        slices().matching(PLUGIN + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheProviderUsesTheRootPackage() {
        noClasses().that().resideOutsideOfPackage(PLUGIN)
                .should().dependOnClassesThat().resideInAPackage(PLUGIN)
                .check(CLASSES);
    }

    @Test
    void sources_useNoOtherSource() {
        String[] sources = {"export", "live", "backup"};
        for (String source : sources) {
            for (String other : sources) {
                if (!other.equals(source)) {
                    noClasses().that().resideInAPackage(PLUGIN + "." + source + "..")
                            .should().dependOnClassesThat().resideInAPackage(PLUGIN + "." + other + "..")
                            .check(CLASSES);
                }
            }
        }
    }

    @Test
    void jid_isALeaf() {
        noClasses().that().resideInAPackage(PLUGIN + ".jid..")
                .should().dependOnClassesThat().resideInAnyPackage(PLUGIN, PLUGIN + ".source..",
                        PLUGIN + ".export..", PLUGIN + ".live..", PLUGIN + ".backup..")
                .check(CLASSES);
    }
}
