package dev.chatarchive.host.plugin;

/** How a plugin stands, as {@code chat-archive plugins} shows it. */
public enum PluginCondition {
    /** Loaded and started; its providers are listed with their own state. */
    STARTED("started"),
    /** Loaded, but its start failed or could not be made. */
    FAILED("failed"),
    /** Requires a version of the provider api this chat-archive does not have. */
    INCOMPATIBLE("incompatible"),
    /** Switched off by the user (PF4J's {@code disabled.txt} in the plugins folder). */
    DISABLED("disabled"),
    /** The file could not be read as a plugin at all. */
    NOT_LOADED("not loaded"),
    /** Loaded but not started, for a reason PF4J logged (a missing dependency, say). */
    NOT_STARTED("not started");

    private final String label;

    PluginCondition(String label) {
        this.label = label;
    }

    /** The word shown to the user. */
    public String label() {
        return label;
    }
}
