package dev.chatarchive.host.plugin;

import dev.chatarchive.api.HistoryProvider;
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

    /**
     * {@code provider} behind the plugin guard with the application's timeouts, started, as the
     * registry hands providers to the sync engine ({@code provider}'s start must not need a context).
     */
    public static HistoryProvider guarded(HistoryProvider provider) throws Exception {
        var guard = new PluginCallGuard("plugin 'test'", provider.getClass().getClassLoader());
        var guarded = new GuardedProvider("test", provider.info(), provider, guard, CallTimeouts.DEFAULT);
        guarded.startWith(null);
        return guarded;
    }
}
