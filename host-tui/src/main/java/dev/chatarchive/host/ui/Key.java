package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One key as the keymap names it: {@code j}, {@code G}, {@code ?}, {@code Ctrl-d}, {@code Alt-x},
 * {@code Down}, {@code PgUp}, {@code Enter}, {@code F5}, {@code Space}.
 *
 * <p>The name is canonical: {@link #parse} accepts any letter case for named keys and modifiers
 * ({@code ctrl-D} is {@code Ctrl-d}: terminals cannot tell Ctrl-d from Ctrl-D) and {@link #name()}
 * prints the one spelling used in the help and the README.
 *
 * @param name the canonical name
 */
public record Key(String name) {

    private static final Map<KeyType, String> NAMED = Map.ofEntries(
            Map.entry(KeyType.ArrowUp, "Up"), Map.entry(KeyType.ArrowDown, "Down"),
            Map.entry(KeyType.ArrowLeft, "Left"), Map.entry(KeyType.ArrowRight, "Right"),
            Map.entry(KeyType.PageUp, "PgUp"), Map.entry(KeyType.PageDown, "PgDn"),
            Map.entry(KeyType.Home, "Home"), Map.entry(KeyType.End, "End"),
            Map.entry(KeyType.Enter, "Enter"), Map.entry(KeyType.Tab, "Tab"),
            Map.entry(KeyType.ReverseTab, "Shift-Tab"), Map.entry(KeyType.Escape, "Esc"),
            Map.entry(KeyType.Backspace, "Backspace"), Map.entry(KeyType.Delete, "Delete"),
            Map.entry(KeyType.Insert, "Insert"),
            Map.entry(KeyType.F1, "F1"), Map.entry(KeyType.F2, "F2"), Map.entry(KeyType.F3, "F3"),
            Map.entry(KeyType.F4, "F4"), Map.entry(KeyType.F5, "F5"), Map.entry(KeyType.F6, "F6"),
            Map.entry(KeyType.F7, "F7"), Map.entry(KeyType.F8, "F8"), Map.entry(KeyType.F9, "F9"),
            Map.entry(KeyType.F10, "F10"), Map.entry(KeyType.F11, "F11"), Map.entry(KeyType.F12, "F12"));

    public Key {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("key name must not be blank");
        }
    }

    /** The key a keystroke is, or empty for keystrokes the keymap cannot name (mouse, EOF). */
    public static Optional<Key> of(KeyStroke stroke) {
        if (stroke == null) {
            return Optional.empty();
        }
        String base;
        if (stroke.getKeyType() == KeyType.Character) {
            char c = stroke.getCharacter();
            base = c == ' ' ? "Space" : String.valueOf(stroke.isCtrlDown() ? Character.toLowerCase(c) : c);
        } else {
            base = NAMED.get(stroke.getKeyType());
            if (base == null) {
                return Optional.empty();
            }
        }
        String prefix = (stroke.isCtrlDown() ? "Ctrl-" : "") + (stroke.isAltDown() ? "Alt-" : "");
        return Optional.of(new Key(prefix + base));
    }

    /**
     * The key named {@code text}, as a user writes it in the keymap file.
     *
     * @throws IllegalArgumentException with a sentence naming the problem, for an unknown name
     */
    public static Key parse(String text) {
        String rest = text == null ? "" : text.strip();
        boolean ctrl = false;
        boolean alt = false;
        while (rest.length() > 2) {
            String lower = rest.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ctrl-") || lower.startsWith("ctrl+")) {
                ctrl = true;
                rest = rest.substring(5);
            } else if (lower.startsWith("c-")) {
                ctrl = true;
                rest = rest.substring(2);
            } else if (lower.startsWith("alt-") || lower.startsWith("alt+")) {
                alt = true;
                rest = rest.substring(4);
            } else if (lower.startsWith("m-")) {
                alt = true;
                rest = rest.substring(2);
            } else {
                break;
            }
        }
        String base;
        if (rest.codePointCount(0, rest.length()) == 1 && !rest.isBlank()) {
            base = ctrl ? rest.toLowerCase(Locale.ROOT) : rest;
        } else {
            base = canonicalNamedKey(rest);
        }
        return new Key((ctrl ? "Ctrl-" : "") + (alt ? "Alt-" : "") + base);
    }

    private static String canonicalNamedKey(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "space":
                return "Space";
            case "pageup":
            case "page-up":
                return "PgUp";
            case "pagedown":
            case "page-down":
                return "PgDn";
            case "escape":
                return "Esc";
            case "return":
                return "Enter";
            default:
                break;
        }
        for (String named : NAMED.values()) {
            if (named.toLowerCase(Locale.ROOT).equals(lower)) {
                return named;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a key name; use a single character, "
                + "Ctrl-x, Alt-x, or one of Up, Down, Left, Right, PgUp, PgDn, Home, End, Enter, Tab, "
                + "Shift-Tab, Esc, Backspace, Delete, Insert, Space, F1..F12");
    }

    @Override
    public String toString() {
        return name;
    }
}
