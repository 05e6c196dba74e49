package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.host.config.Settings;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plugin can see of the host, with real plugin jars built here: the api, PF4J, SLF4J and the
 * Java platform, nothing else (not the host's SQLite driver, Jdbi, Jackson, Lanterna or the host's
 * own classes); and a library the plugin bundles itself, sqlite-jdbc included, is the plugin's own
 * copy, working beside the host's in the same JVM.
 */
class PluginIsolationIT {

    private static final CallTimeouts GENEROUS = new CallTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(60));

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    private final ProviderEventBus events = new ProviderEventBus();
    private ProviderRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
        events.close();
    }

    private ProviderRegistry load(Map<String, String> settings) {
        registry = ProviderRegistry.load(new ProviderRegistry.Setup(plugins, data, Settings.of(settings), events,
                Clock.systemUTC(), GENEROUS));
        return registry;
    }

    /** Classes the probe asks for: the first four a plugin must see, the rest it must not. */
    private static final List<String> VISIBLE = List.of("dev.chatarchive.api.HistoryProvider", "org.pf4j.Plugin",
            "org.slf4j.LoggerFactory", "javax.crypto.Cipher");
    private static final List<String> HIDDEN = List.of("org.sqlite.JDBC", "org.jdbi.v3.core.Jdbi",
            "com.fasterxml.jackson.databind.ObjectMapper", "com.googlecode.lanterna.screen.Screen",
            "ch.qos.logback.classic.Logger", "dev.chatarchive.host.store.Archive", "dev.chatarchive.host.plugin.ProviderRegistry");

    private static final String NOSY = """
            package fixture.nosy;

            import dev.chatarchive.api.*;
            import java.util.ArrayList;
            import java.util.List;

            /** Looks around the host: which classes it can load, and whether it can open a SQLite file. */
            @org.pf4j.Extension
            public class NosyProvider implements HistoryProvider {
                private ProviderContext context;

                @Override
                public ProviderInfo info() {
                    return new ProviderInfo("nosy", "Nosy", "1.0.0");
                }

                @Override
                public void start(ProviderContext context) {
                    this.context = context;
                }

                @Override
                public List<ChatDescription> listChats() {
                    List<String> seen = new ArrayList<>();
                    for (String name : context.setting("classes").orElseThrow().split(",")) {
                        try {
                            Class.forName(name, false, getClass().getClassLoader());
                            seen.add(name);
                        } catch (ClassNotFoundException hidden) {
                            // not visible to this plugin
                        }
                        try {
                            Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                            if (!seen.contains(name)) {
                                seen.add(name + "(context)");
                            }
                        } catch (ClassNotFoundException hidden) {
                            // not visible through the context class loader either
                        }
                    }
                    String driver;
                    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + context.setting("target").orElseThrow())) {
                        driver = "connected";
                    } catch (java.sql.SQLException e) {
                        driver = "refused";
                    }
                    return List.of(new ChatDescription("probe", String.join(",", seen) + "|" + driver, false, null, null));
                }

                @Override
                public HistoryPage fetchHistory(HistoryRequest request) {
                    return HistoryPage.last(List.of());
                }
            }
            """;

    @Test
    void plugin_seesOnlyTheApiPf4jSlf4jAndThePlatform_notTheHostsDriverOrLibraries() throws Exception {
        PluginJar.withId("nosy").source("fixture.nosy.NosyProvider", NOSY).extension("fixture.nosy.NosyProvider")
                .writeTo(plugins);
        Path target = data.resolve("someone-elses.db");
        load(Map.of("nosy.classes", String.join(",", VISIBLE) + "," + String.join(",", HIDDEN),
                "nosy.target", target.toString()));

        List<ChatDescription> chats = registry.find("nosy").orElseThrow().listChats();

        String[] answer = chats.get(0).title().split("\\|");
        assertEquals(String.join(",", VISIBLE), answer[0], "the classes the plugin could load");
        assertEquals("refused", answer[1], "the plugin reached a SQLite driver through the host");
        assertFalse(Files.exists(target), "the plugin created a database through the host's driver");
    }

    private static final String SELFISH = """
            package fixture.selfish;

            import dev.chatarchive.api.*;
            import java.util.List;

            /** Carries its own sqlite-jdbc and uses it, as a plugin reading a phone's database does. */
            @org.pf4j.Extension
            public class SelfishProvider implements HistoryProvider {
                private ProviderContext context;

                @Override
                public ProviderInfo info() {
                    return new ProviderInfo("selfish", "Selfish", "1.0.0");
                }

                @Override
                public void start(ProviderContext context) {
                    this.context = context;
                }

                @Override
                public List<ChatDescription> listChats() throws ProviderException {
                    ClassLoader mine = getClass().getClassLoader();
                    String file = context.dataDirectory().resolve("phone.db").toString();
                    try (var connection = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                         var statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE IF NOT EXISTS message (text TEXT)");
                        statement.execute("INSERT INTO message VALUES ('from the phone')");
                        var rows = statement.executeQuery("SELECT count(*), sqlite_version() FROM message");
                        rows.next();
                        String title = "own-driver=" + (org.sqlite.JDBC.class.getClassLoader() == mine)
                                + " own-config=" + (org.sqlite.SQLiteConfig.class.getClassLoader() == mine)
                                + " rows=" + rows.getInt(1) + " sqlite=" + rows.getString(2);
                        return List.of(new ChatDescription("phone", title, false, null, null));
                    } catch (java.sql.SQLException e) {
                        throw new PermanentProviderException("cannot read the phone database: " + e.getMessage(), e);
                    }
                }

                @Override
                public HistoryPage fetchHistory(HistoryRequest request) {
                    return HistoryPage.last(List.of());
                }
            }
            """;

    @Test
    void plugin_bundlingItsOwnSqliteJdbc_usesItsOwnCopyBesideTheHostsInOneJvm() throws Exception {
        Path sqliteJdbc = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PluginJar.withId("selfish").source("fixture.selfish.SelfishProvider", SELFISH)
                .extension("fixture.selfish.SelfishProvider").bundle(sqliteJdbc).writeTo(plugins);
        // The host's own sqlite-jdbc is loaded and in use the whole time.
        try (Archive archive = Archive.open(data.resolve("archive.db"), Clock.systemUTC())) {
            load(Map.of());

            String first = registry.find("selfish").orElseThrow().listChats().get(0).title();
            String second = registry.find("selfish").orElseThrow().listChats().get(0).title();

            assertTrue(first.startsWith("own-driver=true own-config=true rows=1 sqlite="), first);
            assertTrue(second.contains("rows=2"), second);
            assertEquals(0L, (long) archive.read(session -> session.chats().list().size()));
        }
    }
}
