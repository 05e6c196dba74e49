package dev.chatarchive.host;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.chatarchive.host.ui.BoundaryBreakingProbe;
import org.junit.jupiter.api.Test;

/**
 * The host's package rules, checked on the compiled classes (so a fully qualified name or a type
 * reached through a call counts, not only imports). Each package's {@code package-info.java} says
 * what it may use; docs/packages.md has the table. A rule broken here is a design change: change the
 * rule, the package-info and the table together, or move the code.
 */
class PackageRulesTest {

    private static final String HOST = "dev.chatarchive.host";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(HOST);

    static final ArchRule NO_CYCLES = slices().matching("dev.chatarchive.(**)").should().beFreeOfCycles();

    static final ArchRule UI_BOUNDARY = classes().that().resideInAPackage(HOST + ".ui..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(HOST + ".ui..", HOST + ".browse..",
                    HOST + ".checkpoint..", HOST + ".text..", HOST + ".media..", "dev.chatarchive.api..",
                    "java..", "com.googlecode.lanterna..", "com.google.zxing..", "org.slf4j..");

    static final ArchRule READ_MODEL = classes().that().resideInAPackage(HOST + ".browse..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(HOST + ".browse..", HOST + ".checkpoint..",
                    "dev.chatarchive.api..", "java..");

    static final ArchRule CACHE = classes().that().resideInAPackage(HOST + ".cache..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(HOST + ".cache..", HOST + ".browse..",
                    HOST + ".checkpoint..", "dev.chatarchive.api..", "java..", "com.github.benmanes.caffeine..",
                    "org.slf4j..");

    static final ArchRule STORE = noClasses().that().resideInAPackage(HOST + ".store..")
            .should().dependOnClassesThat().resideInAnyPackage(HOST + ".sync..", HOST + ".plugin..",
                    HOST + ".ui..", HOST + ".browse..", HOST + ".cache..", HOST + ".cli..", HOST + ".app..",
                    HOST + ".export..")
            .orShould().dependOnClassesThat().resideInAPackage(HOST);

    static final ArchRule SYNC_ENGINE = noClasses().that().resideInAPackage(HOST + ".sync..")
            .should().dependOnClassesThat().resideInAnyPackage(HOST + ".plugin..", HOST + ".ui..",
                    HOST + ".browse..", HOST + ".cache..", HOST + ".cli..", HOST + ".app..")
            .orShould().dependOnClassesThat().resideInAPackage(HOST);

    static final ArchRule WIRING_IS_THE_ROOT = noClasses().that().resideOutsideOfPackage(HOST + ".app..")
            .should().dependOnClassesThat().resideInAPackage(HOST + ".app..");

    @Test
    void loggers_arePrivateStaticFinalFieldsNamedLog() {
        fields().that().haveRawType("org.slf4j.Logger")
                .should().bePrivate().andShould().beStatic().andShould().beFinal().andShould().haveName("LOG")
                .check(CLASSES);
    }

    @Test
    void packages_haveNoCycles() {
        NO_CYCLES.check(CLASSES);
    }

    @Test
    void ui_usesOnlyTheReadModelAndLeafPackages_neverTheStoreEngineOrPlugins() {
        UI_BOUNDARY.check(CLASSES);
    }

    @Test
    void uiRule_failsOnAUiClassThatReachesIntoTheStore() {
        JavaClasses probe = new ClassFileImporter().importClasses(BoundaryBreakingProbe.class);

        assertTrue(UI_BOUNDARY.evaluate(probe).hasViolation());
    }

    @Test
    void readModel_usesOnlyTheCheckpointWordsAndTheApi() {
        READ_MODEL.check(CLASSES);
    }

    @Test
    void cache_usesOnlyTheReadModel() {
        CACHE.check(CLASSES);
    }

    @Test
    void leafPackages_useNoOtherHostPackage() {
        for (String leaf : new String[] {"checkpoint", "text", "error", "progress"}) {
            noClasses().that().resideInAPackage(HOST + "." + leaf + "..")
                    .should().dependOnClassesThat(resideInAPackage(HOST + "..")
                            .and(resideOutsideOfPackage(HOST + "." + leaf + "..")))
                    .check(CLASSES);
        }
    }

    @Test
    void store_knowsNothingOfTheEngineThePluginsOrAnyFrontEnd() {
        STORE.check(CLASSES);
    }

    @Test
    void syncEngine_callsProvidersThroughTheApiOnly_andKnowsNoFrontEnd() {
        SYNC_ENGINE.check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootUsesTheWiringPackage() {
        WIRING_IS_THE_ROOT.check(CLASSES);
    }
}
