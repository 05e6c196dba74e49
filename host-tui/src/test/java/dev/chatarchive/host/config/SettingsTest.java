package dev.chatarchive.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path folder;

    @Test
    void load_givesEachProviderItsKeysWithThePrefixStripped() throws IOException {
        Path file = Files.writeString(folder.resolve("config.properties"), """
                # a comment
                plugins.dir = /opt/plugins
                whatsapp.exports.dirs=/a:/b
                whatsapp.live = on
                whatsappish.key=not whatsapp's
                """);

        Settings settings = Settings.load(file, true);

        assertEquals(Map.of("exports.dirs", "/a:/b", "live", "on"), settings.forProvider("whatsapp"));
        assertEquals(Optional.of("/opt/plugins"), settings.hostSetting("plugins.dir"));
    }

    @Test
    void load_readsUtf8() throws IOException {
        Path file = Files.writeString(folder.resolve("config.properties"), "whatsapp.name=Zoë 😀\n");

        assertEquals("Zoë 😀", Settings.load(file, true).forProvider("whatsapp").get("name"));
    }

    @Test
    void load_missingDefaultFile_isNoSettings() {
        Settings settings = Settings.load(folder.resolve("absent.properties"), false);

        assertEquals(Map.of(), settings.forProvider("whatsapp"));
    }

    @Test
    void load_missingNamedFile_isAClearError() {
        UserFacingException error = assertThrows(UserFacingException.class,
                () -> Settings.load(folder.resolve("absent.properties"), true));

        assertEquals(ExitCodes.NOT_FOUND, error.exitCode());
        assertTrue(error.getMessage().startsWith("The config file " + folder.resolve("absent.properties") + " does not exist."),
                error.getMessage());
    }

    @Test
    void load_fileThatIsNotUtf8_isAClearError() throws IOException {
        Path file = Files.write(folder.resolve("latin1.properties"), new byte[] {'a', '=', (byte) 0xE9, '\n'});

        UserFacingException error = assertThrows(UserFacingException.class, () -> Settings.load(file, true));

        assertTrue(error.getMessage().contains("is not UTF-8 text"), error.getMessage());
    }

    @Test
    void blankHostSetting_countsAsNotGiven() {
        assertEquals(Optional.empty(), Settings.of(Map.of("plugins.dir", "")).hostSetting("plugins.dir"));
    }

    @Test
    void hostPrefixes_areReservedProviderIds() {
        assertTrue(Settings.isReservedForHost("plugins"));
        assertTrue(Settings.isReservedForHost("archive"));
    }
}
