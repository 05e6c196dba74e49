package dev.chatarchive.host.ui;

/**
 * Everything the user can ask the UI to do with a key. The keymap binds keys to these; the help
 * overlay and the README's key table are generated from them, so neither can drift from what the
 * keys really do.
 */
public enum Action {
    DOWN(Section.MOVE, "Down one line (chat list: next chat)"),
    UP(Section.MOVE, "Up one line (chat list: previous chat)"),
    HALF_PAGE_DOWN(Section.MOVE, "Down half a screen"),
    HALF_PAGE_UP(Section.MOVE, "Up half a screen"),
    PAGE_DOWN(Section.MOVE, "Down a screen"),
    PAGE_UP(Section.MOVE, "Up a screen"),
    FIRST(Section.MOVE, "Oldest message (chat list: first chat)"),
    LAST(Section.MOVE, "Newest message (chat list: last chat)"),
    OPEN(Section.GENERAL, "Open the chat or search result"),
    OPEN_FILE(Section.GENERAL, "Open the attached file lowest on screen (its path when there is no viewer)"),
    SWITCH_PANE(Section.GENERAL, "Switch between chat list and messages"),
    BACK(Section.GENERAL, "Back, close a dialog, clear the filter"),
    FILTER(Section.GENERAL, "Filter chats by title (or just type a letter with no key of its own)"),
    SEARCH(Section.SEARCH, "Search all chats"),
    NEXT_HIT(Section.SEARCH, "Next search hit in this chat"),
    PREVIOUS_HIT(Section.SEARCH, "Previous search hit in this chat"),
    JUMP_TO_DATE(Section.SEARCH, "Jump to a date in this chat"),
    SYNC_CHAT(Section.SYNC, "Sync this chat's older history (choose how much, resume or restart)"),
    SYNC_ALL(Section.SYNC, "Sync all chats"),
    CANCEL_SYNC(Section.SYNC, "Cancel this chat's sync"),
    RESUME_SYNC(Section.SYNC, "Resume this chat's interrupted or cancelled sync"),
    IMPORT_WITH_DATE_ORDER(Section.SYNC, "Import an export whose dates read two ways, saying how (day or month first)"),
    DEBUG(Section.GENERAL, "Cache and debug information"),
    HELP(Section.GENERAL, "This help"),
    QUIT(Section.GENERAL, "Quit");

    /** Groups of actions as the help overlay shows them. */
    public enum Section {
        MOVE("Moving"), GENERAL("General"), SEARCH("Search and jump"), SYNC("Sync");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Section section;
    private final String description;

    Action(Section section, String description) {
        this.section = section;
        this.description = description;
    }

    public Section section() {
        return section;
    }

    public String description() {
        return description;
    }

    /** The name used in the keymap file, e.g. {@code half-page-down}. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
