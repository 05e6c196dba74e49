package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WhatsApp plugin jar this build packaged, loaded by the real PF4J manager as the app loads it. */
class WhatsAppPluginJarIT {

    /** Generous, so a loaded machine never fails a call that should succeed. */
    private static final CallTimeouts GENEROUS = new CallTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    @TempDir
    Path dataDirectory;

    private final ProviderEventBus events = new ProviderEventBus();
    private ProviderRegistry registry;

    @AfterEach
    void closeEverything() {
        if (registry != null) {
            registry.close();
        }
        events.close();
    }

    private PluginReport report(String displayName) {
        return registry.plugins().stream().filter(plugin -> plugin.displayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin " + displayName + " in " + registry.plugins()));
    }

    @Test
    void realWhatsAppPlugin_isStartedWithItsProvider() {
        String pluginsDir = System.getProperty("chatarchive.plugins.dir");
        assertNotNull(pluginsDir, "failsafe passes chatarchive.plugins.dir; run the tests with Maven from the root");
        try (var jars = Files.list(Path.of(pluginsDir))) {
            assertTrue(jars.anyMatch(jar -> jar.getFileName().toString().startsWith("chat-archive-plugin-whatsapp")),
                    "no WhatsApp plugin jar in " + pluginsDir + ": run the whole build (mvn -B verify at the root), "
                            + "which packages the plugin before these tests");
        } catch (IOException e) {
            throw new AssertionError("cannot list " + pluginsDir, e);
        }
        registry = ProviderRegistry.load(new ProviderRegistry.Setup(Path.of(pluginsDir), dataDirectory, Settings.empty(),
                events, Clock.systemUTC(), GENEROUS));

        PluginReport whatsapp = report("whatsapp");
        assertEquals(PluginCondition.STARTED, whatsapp.condition(), whatsapp.toString());
        GuardedProvider provider = registry.find("whatsapp").orElseThrow();
        assertTrue(provider.isStarted());
        assertEquals("WhatsApp", provider.info().name());
        assertEquals(Optional.empty(), provider.chatIdProblem("31612345678@s.whatsapp.net"));
        assertTrue(provider.chatIdProblem("not-a-jid").isPresent());
    }
}
