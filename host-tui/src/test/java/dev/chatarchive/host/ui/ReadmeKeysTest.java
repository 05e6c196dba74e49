package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's key table is the keymap's own: if a default key changes, this fails until the README does. */
class ReadmeKeysTest {

    private static String keysSection() throws Exception {
        Path readme = Path.of(System.getProperty("chatarchive.samples.dir", "../samples")).resolveSibling("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Keys\n");
        assertTrue(start >= 0, "README.md has no '## Keys' section");
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @Test
    void readmeKeysSection_holdsTheDefaultKeymapTable() throws Exception {
        String table = Keymap.defaults().markdownTable();

        assertTrue(keysSection().contains(table), "Put this table in README.md under '## Keys':\n" + table);
    }
}
