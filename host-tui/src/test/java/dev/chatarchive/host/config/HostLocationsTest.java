package dev.chatarchive.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostLocationsTest {

    private static final Path HOME = Path.of("/home/ada");
    private static final Path APP = Path.of("/opt/chat-archive");

    private static HostEnvironment environment(Map<String, String> variables) {
        return new HostEnvironment(variables, HOME, APP);
    }

    @Test
    void defaults_areUnderTheUsersLocalShareFolder() {
        HostLocations locations = HostLocations.resolve(LocationOverrides.NONE, environment(Map.of()), Settings.empty());

        Path data = Path.of("/home/ada/.local/share/chat-archive");
        assertEquals(data, locations.dataDirectory());
        assertEquals(data.resolve("archive.db"), locations.archiveFile());
        assertEquals(data.resolve("config.properties"), locations.configFile());
        assertEquals(data.resolve("logs/chat-archive.log"), locations.logFile());
        assertEquals(APP.resolve("plugins"), locations.pluginsDirectory());
        assertEquals(APP.resolve("samples"), locations.samplesDirectory());
        assertTrue(locations.defaultArchive());
    }

    @Test
    void xdgDataHome_movesTheDataFolder() {
        HostLocations locations = HostLocations.resolve(LocationOverrides.NONE,
                environment(Map.of("XDG_DATA_HOME", "/data/ada")), Settings.empty());

        assertEquals(Path.of("/data/ada/chat-archive"), locations.dataDirectory());
    }

    @Test
    void relativeXdgDataHome_isIgnoredAsTheSpecSays() {
        HostLocations locations = HostLocations.resolve(LocationOverrides.NONE,
                environment(Map.of("XDG_DATA_HOME", "relative/data")), Settings.empty());

        assertEquals(Path.of("/home/ada/.local/share/chat-archive"), locations.dataDirectory());
    }

    @Test
    void chatArchiveHome_winsOverXdgDataHome() {
        HostLocations locations = HostLocations.resolve(LocationOverrides.NONE,
                environment(Map.of("XDG_DATA_HOME", "/data/ada", "CHAT_ARCHIVE_HOME", "/srv/archive")), Settings.empty());

        assertEquals(Path.of("/srv/archive"), locations.dataDirectory());
        assertEquals(Path.of("/srv/archive/archive.db"), locations.archiveFile());
    }

    @Test
    void dataDirOption_winsOverTheEnvironment() {
        LocationOverrides overrides = new LocationOverrides(Path.of("/tmp/mine"), null, null, null);

        HostLocations locations = HostLocations.resolve(overrides,
                environment(Map.of("CHAT_ARCHIVE_HOME", "/srv/archive")), Settings.empty());

        assertEquals(Path.of("/tmp/mine"), locations.dataDirectory());
        assertEquals(Path.of("/tmp/mine/config.properties"), locations.configFile());
    }

    @Test
    void configFile_namesTheArchiveAndPluginsFolder() {
        Settings settings = Settings.of(Map.of("archive.file", "/var/chats.db", "plugins.dir", "/var/plugins"));

        HostLocations locations = HostLocations.resolve(LocationOverrides.NONE, environment(Map.of()), settings);

        assertEquals(Path.of("/var/chats.db"), locations.archiveFile());
        assertEquals(Path.of("/var/plugins"), locations.pluginsDirectory());
        assertFalse(locations.defaultArchive());
    }

    @Test
    void commandLine_winsOverTheConfigFile() {
        Settings settings = Settings.of(Map.of("archive.file", "/var/chats.db", "plugins.dir", "/var/plugins"));
        LocationOverrides overrides = new LocationOverrides(null, Path.of("/tmp/a.db"), null, Path.of("/tmp/plugins"));

        HostLocations locations = HostLocations.resolve(overrides, environment(Map.of()), settings);

        assertEquals(Path.of("/tmp/a.db"), locations.archiveFile());
        assertEquals(Path.of("/tmp/plugins"), locations.pluginsDirectory());
        assertFalse(locations.defaultArchive());
    }
}
