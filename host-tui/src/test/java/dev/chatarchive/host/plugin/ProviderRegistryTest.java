package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads real plugin jars, good and broken, with the real PF4J manager. */
class ProviderRegistryTest {

    /** Generous, so a loaded machine never fails a call that should succeed. */
    private static final CallTimeouts GENEROUS = new CallTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(30));
    /** For the one test of a provider that never answers. */
    private static final CallTimeouts IMPATIENT = new CallTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(2), Duration.ofSeconds(30));

    /** Built once: compiling a plugin takes a second, and the jars are only read. */
    @TempDir
    static Path pluginJars;

    @TempDir
    Path pluginsDirectory;
    @TempDir
    Path dataDirectory;

    private final ProviderEventBus events = new ProviderEventBus();
    private ProviderRegistry registry;

    @BeforeAll
    static void buildPlugins() throws IOException {
        Files.createDirectories(pluginJars.resolve("good"));
        FixturePlugins.good(pluginJars.resolve("good"), "good", "good");
        Files.createDirectories(pluginJars.resolve("other"));
        FixturePlugins.good(pluginJars.resolve("other"), "other", "other");
        Files.createDirectories(pluginJars.resolve("twin"));
        FixturePlugins.good(pluginJars.resolve("twin"), "twin", "good");
        Files.createDirectories(pluginJars.resolve("broken"));
        FixturePlugins.providerFailsToStart(pluginJars.resolve("broken"));
        FixturePlugins.pluginFailsToStart(pluginJars.resolve("broken"));
        FixturePlugins.missingPluginClass(pluginJars.resolve("broken"));
        FixturePlugins.requiresApi2(pluginJars.resolve("broken"));
        FixturePlugins.corrupt(pluginJars.resolve("broken"));
    }

    @AfterEach
    void closeEverything() {
        if (registry != null) {
            registry.close();
        }
        events.close();
    }

    private void install(String set) throws IOException {
        try (var jars = Files.list(pluginJars.resolve(set))) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, pluginsDirectory.resolve(jar.getFileName()));
            }
        }
    }

    private ProviderRegistry load(Map<String, String> settings) {
        return load(settings, GENEROUS);
    }

    private ProviderRegistry load(Map<String, String> settings, CallTimeouts timeouts) {
        registry = ProviderRegistry.load(new ProviderRegistry.Setup(pluginsDirectory, dataDirectory, Settings.of(settings),
                events, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC), timeouts));
        return registry;
    }

    private PluginReport report(String displayName) {
        return registry.plugins().stream().filter(plugin -> plugin.displayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin " + displayName + " in " + registry.plugins()));
    }

    @Test
    void goodPlugin_isStartedWithItsProviderAnswering() throws Exception {
        install("good");

        load(Map.of());

        PluginReport plugin = report("good");
        assertEquals(PluginCondition.STARTED, plugin.condition());
        assertEquals(Optional.empty(), plugin.problemSentence());
        assertEquals(List.of("good"), plugin.providers().stream().map(GuardedProvider::id).toList());
        GuardedProvider provider = registry.find("good").orElseThrow();
        assertTrue(provider.isStarted());
        assertEquals(ConnectionState.OFFLINE_READY, provider.status().state());
        HistoryPage page = provider.fetchHistory(HistoryRequest.older("chat-1", null, 10));
        assertEquals("hello", page.messages().get(0).content());
    }

    @Test
    void providerInstance_isCreatedOnceAndReused() throws Exception {
        install("good");
        load(Map.of());
        GuardedProvider provider = registry.find("good").orElseThrow();

        provider.listChats();
        String title = provider.listChats().get(0).title();

        assertSame(provider, registry.find("good").orElseThrow());
        assertTrue(title.contains("instances=1 "), title);
    }

    @Test
    void providerCalls_runWithThePluginAsContextClassLoader() throws Exception {
        install("good");
        load(Map.of());

        String title = registry.find("good").orElseThrow().listChats().get(0).title();

        assertTrue(title.contains("context-loader-is-mine=true"), title);
    }

    @Test
    void providerContext_givesSettingsUnderTheProviderIdWithThePrefixStripped() throws Exception {
        install("good");

        load(Map.of("good.greeting", "hi there", "other.greeting", "not mine", "greeting", "nobody's"));

        String title = registry.find("good").orElseThrow().listChats().get(0).title();
        assertTrue(title.contains("greeting=hi there "), title);
    }

    @Test
    void providerContext_givesEachProviderItsOwnExistingDataFolder() throws Exception {
        install("good");
        install("other");

        load(Map.of());

        String goodDetail = registry.find("good").orElseThrow().status().detail();
        String otherDetail = registry.find("other").orElseThrow().status().detail();
        assertTrue(goodDetail.endsWith(dataDirectory.resolve("providers").resolve("good").toString()), goodDetail);
        assertTrue(otherDetail.endsWith(dataDirectory.resolve("providers").resolve("other").toString()), otherDetail);
        assertTrue(Files.isDirectory(dataDirectory.resolve("providers").resolve("good")));
    }

    @Test
    void providerEvents_reachSubscribersWithTheProviderId() throws Exception {
        install("good");
        LinkedBlockingQueue<PublishedEvent> received = new LinkedBlockingQueue<>();
        events.subscribe(received::add);

        load(Map.of("good.greeting", "hello"));

        PublishedEvent event = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the provider's start-up notice never arrived");
        assertEquals("good", event.providerId());
        assertEquals(new ProviderEvent.Notice("started with greeting hello", false), event.event());
    }

    @Test
    void corruptJar_isReportedNotLoaded_andTheOtherPluginsStillStart() throws Exception {
        install("good");
        FixturePlugins.corrupt(pluginsDirectory);

        load(Map.of());

        PluginReport corrupt = report("corrupt.jar");
        assertEquals(PluginCondition.NOT_LOADED, corrupt.condition());
        assertTrue(corrupt.problem().startsWith("It is not a readable jar file"), corrupt.problem());
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void missingPluginClass_isReportedFailedNamingTheClass() throws Exception {
        install("good");
        FixturePlugins.missingPluginClass(pluginsDirectory);

        load(Map.of());

        PluginReport classless = report("classless");
        assertEquals(PluginCondition.FAILED, classless.condition());
        assertEquals("It failed to start: its Plugin-Class fixture.classless.NotThere is not in the plugin.", classless.problem());
        assertEquals(Optional.empty(), registry.find("classless"));
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void pluginThrowingInStart_isReportedFailedWithItsMessage() throws Exception {
        install("good");
        FixturePlugins.pluginFailsToStart(pluginsDirectory);

        load(Map.of());

        PluginReport failing = report("failing");
        assertEquals(PluginCondition.FAILED, failing.condition());
        assertEquals("It failed to start: the failing plugin refuses to start\u001b[2J.", failing.problem());
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void pluginRequiringAnotherApiMajor_isReportedIncompatible() throws Exception {
        install("good");
        FixturePlugins.requiresApi2(pluginsDirectory);

        load(Map.of());

        PluginReport future = report("future");
        assertEquals(PluginCondition.INCOMPATIBLE, future.condition());
        assertTrue(future.problem().startsWith("It requires provider api ^2.0.0, but this chat-archive has api 1."), future.problem());
        assertEquals(Optional.empty(), registry.find("future"));
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void providerThrowingInStart_isListedFailedWithItsReason_andOthersWork() throws Exception {
        install("good");
        FixturePlugins.providerFailsToStart(pluginsDirectory);

        load(Map.of());

        PluginReport sulkyPlugin = report("sulky");
        assertEquals(PluginCondition.STARTED, sulkyPlugin.condition());
        GuardedProvider sulky = registry.find("sulky").orElseThrow();
        assertFalse(sulky.isStarted());
        assertEquals(Optional.of("It failed to start: No account is configured for sulky."), sulky.problem());
        assertEquals(ConnectionState.ERROR, sulky.status().state());
        PermanentProviderException refused = assertThrows(PermanentProviderException.class, sulky::listChats);
        assertTrue(refused.getMessage().contains("No account is configured for sulky."), refused.getMessage());
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void everyKindOfBrokenPluginAtOnce_leavesTheGoodOneWorking() throws Exception {
        install("good");
        install("broken");

        load(Map.of());

        assertEquals(6, registry.plugins().size(), registry.plugins().toString());
        assertEquals(1, registry.find("good").orElseThrow().listChats().size());
    }

    @Test
    void twoProvidersWithOneId_bothAreRefusedWithASentence_whateverTheFileOrder() throws Exception {
        install("good");
        install("twin");
        install("other");

        load(Map.of());

        for (String plugin : List.of("good", "twin")) {
            GuardedProvider provider = report(plugin).providers().get(0);
            assertFalse(provider.isStarted(), plugin + " was started");
            assertEquals("The plugins 'good' and 'twin' both offer a provider with the id 'good', so neither is used. "
                    + "Remove one of them from the plugins folder.", provider.problem().orElseThrow());
        }
        assertFalse(registry.find("good").orElseThrow().isStarted());
        assertTrue(registry.find("other").orElseThrow().isStarted(), "an unrelated plugin was held back");
    }

    @Test
    void twoPluginFilesWithOnePluginId_bothAreRefusedWithASentence() throws Exception {
        install("good");
        Path copy = pluginsDirectory.resolve("zz-good-copy.jar");
        Files.copy(pluginsDirectory.resolve("good.jar"), copy);
        install("other");

        load(Map.of());

        assertTrue(registry.find("good").isEmpty(), "file-name order let one of the two run");
        for (String file : List.of("good.jar", "zz-good-copy.jar")) {
            PluginReport refused = report(file);
            assertEquals(PluginCondition.NOT_LOADED, refused.condition());
            assertTrue(refused.problemSentence().orElseThrow().startsWith("Its plugin id 'good' is also the id of another "
                    + "plugin file (good.jar, zz-good-copy.jar), so neither is used."), refused.problemSentence().orElseThrow());
        }
        assertTrue(registry.find("other").orElseThrow().isStarted());
    }

    @Test
    void providerRunningOutOfMemoryInStart_isFailedByName_andTheOthersStart() throws Exception {
        FixturePlugins.providerStartThrows(pluginsDirectory, "hungry", "long[] all = new long[Integer.MAX_VALUE];");
        install("good");

        load(Map.of());

        GuardedProvider hungry = registry.find("hungry").orElseThrow();
        assertFalse(hungry.isStarted());
        String problem = hungry.problem().orElseThrow();
        assertTrue(problem.contains("HungryProvider failed while starting: OutOfMemoryError"), problem);
        assertTrue(registry.find("good").orElseThrow().isStarted());
        assertEquals(1, registry.find("good").orElseThrow().listChats().size());
    }

    @Test
    void providerOverflowingTheStackInStart_isFailedByName_andTheOthersStart() throws Exception {
        FixturePlugins.providerStartThrows(pluginsDirectory, "deep", "start(context);");
        install("good");

        load(Map.of());

        String problem = registry.find("deep").orElseThrow().problem().orElseThrow();
        assertTrue(problem.contains("DeepProvider failed while starting: StackOverflowError"), problem);
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void pluginClassOverflowingTheStackInStart_isFailedByName_andThePluginsAfterItStart() throws Exception {
        // "a-deep" sorts before "good": PF4J's own startPlugins() stopped at it and left "good" unstarted.
        FixturePlugins.pluginStartOverflows(pluginsDirectory, "a-deep");
        install("good");

        load(Map.of());

        PluginReport deep = report("a-deep");
        assertEquals(PluginCondition.FAILED, deep.condition());
        assertTrue(deep.problemSentence().orElseThrow().contains("StackOverflowError"), deep.problemSentence().orElseThrow());
        assertTrue(registry.find("good").orElseThrow().isStarted());
    }

    @Test
    void providerThrowingRuntimeException_failsThatCallWithAPermanentError() throws Exception {
        install("good");
        load(Map.of());
        GuardedProvider provider = registry.find("good").orElseThrow();

        PermanentProviderException failure = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("boom", null, 10)));

        assertTrue(failure.getMessage().contains("IllegalStateException (boom from the plugin)"), failure.getMessage());
        assertEquals(1, provider.listChats().size());
    }

    @Test
    void providerThrowingLinkageError_failsThatCallWithAPermanentError() throws Exception {
        install("good");
        load(Map.of());
        GuardedProvider provider = registry.find("good").orElseThrow();

        PermanentProviderException failure = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("linkage", null, 10)));

        assertInstanceOf(NoClassDefFoundError.class, failure.getCause());
    }

    @Test
    void providerOverflowingTheStack_failsThatCallWithAPermanentError() throws Exception {
        install("good");
        load(Map.of());
        GuardedProvider provider = registry.find("good").orElseThrow();

        PermanentProviderException failure = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("deep", null, 10)));

        assertInstanceOf(StackOverflowError.class, failure.getCause());
        assertEquals(1, provider.listChats().size());
    }

    @Test
    void providerNeverAnswering_failsThatCallWithARetryableError() throws Exception {
        install("good");
        load(Map.of(), IMPATIENT);
        GuardedProvider provider = registry.find("good").orElseThrow();

        RetryableProviderException failure = assertThrows(RetryableProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("hang", null, 10)));

        assertTrue(failure.getMessage().contains("did not finish fetching history of hang within 2 seconds"), failure.getMessage());
    }

    @Test
    void providerAnsweringNull_failsThatCallWithAPermanentError() throws Exception {
        install("good");
        load(Map.of());
        GuardedProvider provider = registry.find("good").orElseThrow();

        PermanentProviderException failure = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("null", null, 10)));

        assertEquals("GoodProvider answered with no page of history for null.", failure.getMessage());
    }

    @Test
    void typedProviderFailure_reachesTheCallerUnchanged() throws Exception {
        install("good");
        load(Map.of());
        GuardedProvider provider = registry.find("good").orElseThrow();

        PermanentProviderException failure = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("gone", null, 10)));

        assertEquals("There is no chat gone.", failure.getMessage());
    }

    @Test
    void close_stopsEveryStartedPlugin() throws Exception {
        install("good");
        install("other");
        load(Map.of());
        System.clearProperty("fixture.good.stopped");
        System.clearProperty("fixture.other.stopped");

        registry.close();

        assertEquals("true", System.getProperty("fixture.good.stopped"));
        assertEquals("true", System.getProperty("fixture.other.stopped"));
        registry = null;
    }

    @Test
    void missingPluginsFolder_loadsNothingAndDoesNotFail() {
        registry = ProviderRegistry.load(new ProviderRegistry.Setup(pluginsDirectory.resolve("nowhere"), dataDirectory,
                Settings.empty(), events, Clock.systemUTC(), GENEROUS));

        assertEquals(List.of(), registry.plugins());
        assertEquals(List.of(), registry.providers());
    }

    @Test
    void providerOfChat_isTheProviderTheArchiveRecordsForIt() throws Exception {
        install("good");
        load(Map.of());

        assertEquals("good", registry.providerOfChat("chat-1", chatId -> Optional.of("good")).orElseThrow().id());
        assertEquals(Optional.empty(), registry.providerOfChat("chat-2", chatId -> Optional.empty()));
        assertEquals(Optional.empty(), registry.providerOfChat("chat-3", chatId -> Optional.of("uninstalled")));
    }
}
