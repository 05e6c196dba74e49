package dev.chatarchive.host.plugin;

import java.nio.file.Path;

/** Lets tests of other packages build the fixture plugins. */
public final class FixtureAccess {

    private FixtureAccess() {
    }

    /** A plugin whose Plugin-Class throws in start() (its message carries an escape sequence). */
    public static Path pluginFailsToStart(Path directory) {
        return FixturePlugins.pluginFailsToStart(directory);
    }

    /** A healthy plugin with one provider. */
    public static Path good(Path directory, String pluginId, String providerId) {
        return FixturePlugins.good(directory, pluginId, providerId);
    }
}
