package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.host.config.Settings;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import dev.chatarchive.whatsapp.backup.TestBackups;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real WhatsApp plugin jar, loaded by PF4J, reads a phone backup with its own bundled
 * sqlite-jdbc while the host's copy serves the archive in the same JVM: two copies of the driver in
 * two class loaders, each with its own native library.
 */
class WhatsAppBackupPluginIT {

    private static final CallTimeouts GENEROUS = new CallTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(60));

    @TempDir
    Path root;

    private ProviderRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pluginReadsAnEncryptedBackupWithItsOwnSqlite_whileTheHostsSqliteHoldsTheArchive() throws Exception {
        String pluginsDir = System.getProperty("chatarchive.plugins.dir");
        assertNotNull(pluginsDir, "surefire passes chatarchive.plugins.dir; run the tests with Maven from the root");
        Path plain = FixtureDatabases.modernAndroid(root.resolve("plain.db"));
        Path backup = TestBackups.crypt15(plain, Files.createDirectories(root.resolve("phone")).resolve("msgstore.db.crypt15"));

        try (Archive archive = Archive.open(root.resolve("archive.db"), Clock.systemUTC())) {
            // the host's driver is loaded and its native library in use before the plugin's
            archive.read(session -> session.chats().list());
            registry = ProviderRegistry.load(new ProviderRegistry.Setup(Path.of(pluginsDir), root.resolve("data"),
                    Settings.empty(), new ProviderEventBus(), Clock.systemUTC(), GENEROUS));
            GuardedProvider whatsapp = registry.find("whatsapp").orElseThrow(() -> new AssertionError(
                    "the WhatsApp plugin did not load from " + pluginsDir + ": " + registry.plugins()));

            List<ChatDescription> chats = whatsapp.importSource(backup,
                    ImportOptions.NONE.with(ImportOptions.KEY, TestBackups.rootKeyHex()));
            assertEquals(3, chats.size(), chats.toString());
            HistoryPage page = whatsapp.fetchHistory(HistoryRequest.older(FixtureDatabases.ANNA, null, 100));
            assertEquals(8, page.messages().size());
            assertTrue(page.endOfHistory());
            assertTrue(page.messages().stream().map(HistoricalMessage::id).anyMatch("3EB0A1"::equals));

            ClassLoader pluginLoader = delegateOf(whatsapp).getClass().getClassLoader();
            Class<?> pluginDriver = Class.forName("org.sqlite.JDBC", false, pluginLoader);
            assertNotSame(org.sqlite.JDBC.class, pluginDriver, "the plugin reads with its own copy of sqlite-jdbc");
            assertTrue(pluginDriver.getProtectionDomain().getCodeSource().getLocation().toString()
                    .contains("chat-archive-plugin-whatsapp"), "loaded from the plugin jar");
            // and the host's copy still works after the plugin's loaded its native library
            assertEquals(0, archive.read(session -> session.chats().list()).size());
        }
    }

    private static HistoryProvider delegateOf(GuardedProvider guarded) throws ReflectiveOperationException {
        Field field = GuardedProvider.class.getDeclaredField("delegate");
        field.setAccessible(true);
        return (HistoryProvider) field.get(guarded);
    }
}
