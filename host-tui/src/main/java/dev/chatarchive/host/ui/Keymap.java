package dev.chatarchive.host.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which keys do which {@link Action}: the defaults, overridden line by line by the user's keymap
 * file.
 *
 * <p>The file has one line per action: {@code action = key, key}; a line starting with {@code #} is a comment;
 * {@code none} unbinds. An action the file does not name keeps its default keys. Example:
 * <pre>
 * # move with the arrow keys only
 * down = Down
 * up = Up
 * sync-all = F5
 * </pre>
 *
 * <p>The defaults avoid Ctrl-S, Ctrl-Q (flow control eats them), Ctrl-Z and Ctrl-\ (the tty turns
 * them into signals): on most terminals they would never arrive. Ctrl-C quits wherever the UI is,
 * whatever the file says; it is listed with {@link Action#QUIT} so the help shows it.
 */
public final class Keymap {

    private static final Map<Action, List<String>> DEFAULTS = defaults(
            Action.DOWN, "j, Down",
            Action.UP, "k, Up",
            Action.HALF_PAGE_DOWN, "Ctrl-d",
            Action.HALF_PAGE_UP, "Ctrl-u",
            Action.PAGE_DOWN, "PgDn, Space",
            Action.PAGE_UP, "PgUp",
            Action.FIRST, "g, Home",
            Action.LAST, "G, End",
            Action.OPEN, "Enter, Right, l",
            Action.OPEN_FILE, "o",
            Action.SWITCH_PANE, "Tab",
            Action.BACK, "Esc, Left, h",
            Action.FILTER, "f",
            Action.SEARCH, "/",
            Action.NEXT_HIT, "n",
            Action.PREVIOUS_HIT, "N",
            Action.JUMP_TO_DATE, "d",
            Action.SYNC_CHAT, "s",
            Action.SYNC_ALL, "S",
            Action.CANCEL_SYNC, "c",
            Action.RESUME_SYNC, "r",
            Action.IMPORT_WITH_DATE_ORDER, "O",
            Action.DEBUG, "i",
            Action.HELP, "?",
            Action.QUIT, "q, Ctrl-c");

    private final Map<Action, List<Key>> keysByAction;
    private final Map<Key, Action> actionByKey;

    private Keymap(Map<Action, List<Key>> keysByAction) {
        Map<Key, Action> byKey = new HashMap<>();
        for (Map.Entry<Action, List<Key>> entry : keysByAction.entrySet()) {
            for (Key key : entry.getValue()) {
                Action earlier = byKey.put(key, entry.getKey());
                if (earlier != null) {
                    throw new IllegalArgumentException("The key " + key + " is bound to both " + earlier.fileName()
                            + " and " + entry.getKey().fileName() + "; give one of them another key.");
                }
            }
        }
        this.keysByAction = keysByAction;
        this.actionByKey = byKey;
    }

    /** The built-in keymap. */
    public static Keymap defaults() {
        Map<Action, List<Key>> keys = new EnumMap<>(Action.class);
        DEFAULTS.forEach((action, names) -> keys.put(action, names.stream().map(Key::parse).toList()));
        return new Keymap(keys);
    }

    /**
     * The defaults overridden by the keymap file at {@code file}; the defaults alone when the file
     * does not exist.
     *
     * @throws KeymapException with a sentence naming the file, the line and what to fix
     */
    public static Keymap load(Path file) throws KeymapException {
        if (!Files.exists(file)) {
            return defaults();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeymapException("Cannot read the keymap file " + file + " (" + e.getMessage()
                    + "); fix its permissions or remove it to use the default keys.");
        }
        return parse(lines, file.toString());
    }

    /** The defaults overridden by keymap lines; {@code source} names them in error messages. */
    public static Keymap parse(List<String> lines, String source) throws KeymapException {
        Map<Action, List<Key>> keys = new EnumMap<>(Action.class);
        defaults().keysByAction.forEach(keys::put);
        for (int i = 0; i < lines.size(); i++) {
            String content = lines.get(i).strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int equals = content.indexOf('=');
            if (equals < 0) {
                throw new KeymapException(where + ": expected 'action = key, key', found '" + content + "'.");
            }
            String actionName = content.substring(0, equals).strip();
            Action action = actionNamed(actionName).orElseThrow(() -> new KeymapException(
                    where + ": '" + actionName + "' is not an action; the actions are "
                            + java.util.Arrays.stream(Action.values()).map(Action::fileName)
                            .collect(Collectors.joining(", ")) + "."));
            List<Key> bound = new ArrayList<>();
            String value = content.substring(equals + 1).strip();
            if (!value.equalsIgnoreCase("none")) {
                for (String name : splitKeys(value)) {
                    try {
                        bound.add(Key.parse(name));
                    } catch (IllegalArgumentException e) {
                        throw new KeymapException(where + ": " + e.getMessage() + ".");
                    }
                }
            }
            keys.put(action, List.copyOf(bound));
        }
        try {
            return new Keymap(keys);
        } catch (IllegalArgumentException e) {
            throw new KeymapException(source + ": " + e.getMessage());
        }
    }

    /** Splits "a, b, ," so that a comma can itself be a key when written last. */
    private static List<String> splitKeys(String value) {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",(?!$)")) {
            if (!part.isBlank()) {
                names.add(part.strip());
            }
        }
        return names;
    }

    private static Optional<Action> actionNamed(String name) {
        for (Action action : Action.values()) {
            if (action.fileName().equalsIgnoreCase(name.replace('_', '-'))) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** The action bound to {@code key}, if any. */
    public Optional<Action> actionFor(Key key) {
        return Optional.ofNullable(actionByKey.get(key));
    }

    /** The keys bound to {@code action}, in the order they were given; empty if unbound. */
    public List<Key> keysFor(Action action) {
        return keysByAction.getOrDefault(action, List.of());
    }

    /** The first key of {@code action} as a label for hints, or "(unbound)". */
    public String label(Action action) {
        List<Key> keys = keysFor(action);
        return keys.isEmpty() ? "(unbound)" : keys.get(0).name();
    }

    /** Help lines, section by section: the help overlay draws exactly these. */
    public Map<Action.Section, List<String[]>> helpRows() {
        Map<Action.Section, List<String[]>> rows = new LinkedHashMap<>();
        for (Action.Section section : Action.Section.values()) {
            rows.put(section, new ArrayList<>());
        }
        for (Action action : Action.values()) {
            String keys = keysFor(action).stream().map(Key::name).collect(Collectors.joining(", "));
            rows.get(action.section()).add(new String[] {keys.isEmpty() ? "(unbound)" : keys, action.description()});
        }
        rows.values().removeIf(List::isEmpty);
        return Collections.unmodifiableMap(rows);
    }

    /** The key table in Markdown, as the README's "Keys" section holds it. */
    public String markdownTable() {
        StringBuilder out = new StringBuilder("| Keys | What they do |\n|---|---|\n");
        for (List<String[]> section : helpRows().values()) {
            for (String[] row : section) {
                out.append("| ").append(markdownKeys(row[0])).append(" | ").append(row[1]).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String markdownKeys(String keys) {
        return java.util.Arrays.stream(keys.split(", "))
                .map(key -> "`" + key.replace("|", "\\|") + "`").collect(Collectors.joining(", "));
    }

    private static Map<Action, List<String>> defaults(Object... pairs) {
        Map<Action, List<String>> map = new EnumMap<>(Action.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Action) pairs[i], List.of(((String) pairs[i + 1]).split(",\\s*")));
        }
        for (Action action : Action.values()) {
            if (!map.containsKey(action)) {
                throw new IllegalStateException("no default keys for " + action);
            }
        }
        return map;
    }
}
