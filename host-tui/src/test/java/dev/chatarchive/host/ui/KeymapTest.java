package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeymapTest {

    private final Keymap defaults = Keymap.defaults();

    @Test
    void defaults_bindVimKeysAndArrows() {
        assertEquals(Optional.of(Action.DOWN), defaults.actionFor(Key.of(new KeyStroke('j', false, false)).orElseThrow()));
        assertEquals(Optional.of(Action.DOWN), defaults.actionFor(Key.of(new KeyStroke(KeyType.ArrowDown)).orElseThrow()));
        assertEquals(Optional.of(Action.HALF_PAGE_DOWN), defaults.actionFor(Key.of(new KeyStroke('d', true, false)).orElseThrow()));
        assertEquals(Optional.of(Action.LAST), defaults.actionFor(Key.of(new KeyStroke('G', false, false)).orElseThrow()));
        assertEquals(Optional.of(Action.PAGE_UP), defaults.actionFor(Key.of(new KeyStroke(KeyType.PageUp)).orElseThrow()));
    }

    @Test
    void defaults_bindNoKeyThatTheTtySwallows() {
        for (String swallowed : List.of("Ctrl-s", "Ctrl-q", "Ctrl-z", "Ctrl-\\")) {
            assertEquals(Optional.empty(), defaults.actionFor(Key.parse(swallowed)), swallowed);
        }
    }

    @Test
    void defaults_bindEveryAction() {
        for (Action action : Action.values()) {
            assertFalse(defaults.keysFor(action).isEmpty(), action.fileName());
        }
    }

    @Test
    void load_userFile_rebindsNamedActionsAndKeepsTheOthers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keymap.properties");
        Files.writeString(file, "# mine\ndown = Down, Ctrl-n\nsync-all = F5\n");

        Keymap keymap = Keymap.load(file);

        assertEquals(Optional.of(Action.DOWN), keymap.actionFor(Key.parse("ctrl-N")));
        assertEquals(Optional.empty(), keymap.actionFor(Key.parse("j")));
        assertEquals(Optional.of(Action.SYNC_ALL), keymap.actionFor(Key.parse("F5")));
        assertEquals(Optional.of(Action.UP), keymap.actionFor(Key.parse("k")));
    }

    @Test
    void load_missingFile_isTheDefaults(@TempDir Path dir) throws Exception {
        assertEquals(defaults.markdownTable(), Keymap.load(dir.resolve("none")).markdownTable());
    }

    @Test
    void parse_none_unbindsTheAction() throws Exception {
        Keymap keymap = Keymap.parse(List.of("debug = none"), "test");

        assertTrue(keymap.keysFor(Action.DEBUG).isEmpty());
        assertEquals(Optional.empty(), keymap.actionFor(Key.parse("i")));
    }

    @Test
    void parse_unknownAction_saysWhichLineAndListsTheActions() {
        KeymapException problem = assertThrows(KeymapException.class,
                () -> Keymap.parse(List.of("", "jump = x"), "keymap.properties"));

        assertTrue(problem.getMessage().startsWith("keymap.properties line 2: 'jump' is not an action"), problem.getMessage());
        assertTrue(problem.getMessage().contains("half-page-down"));
    }

    @Test
    void parse_unknownKeyName_saysWhatKeysExist() {
        KeymapException problem = assertThrows(KeymapException.class,
                () -> Keymap.parse(List.of("down = Downward"), "keymap.properties"));

        assertTrue(problem.getMessage().contains("'Downward' is not a key name"), problem.getMessage());
    }

    @Test
    void parse_keyBoundTwice_isRefusedWithBothActionsNamed() {
        KeymapException problem = assertThrows(KeymapException.class,
                () -> Keymap.parse(List.of("quit = j"), "keymap.properties"));

        assertTrue(problem.getMessage().contains("bound to both"), problem.getMessage());
    }

    @Test
    void keyOf_ctrlLetter_isNamedInLowerCase() {
        assertEquals("Ctrl-d", Key.of(new KeyStroke('D', true, false)).orElseThrow().name());
        assertEquals("Alt-x", Key.of(new KeyStroke('x', false, true)).orElseThrow().name());
        assertEquals("Space", Key.of(new KeyStroke(' ', false, false)).orElseThrow().name());
    }

    @Test
    void helpRows_listEveryActionWithItsKeys() {
        long rows = defaults.helpRows().values().stream().mapToLong(List::size).sum();

        assertEquals(Action.values().length, rows);
        assertTrue(defaults.markdownTable().contains("| `j`, `Down` | Down one line"));
    }
}
