package dev.chatarchive.api;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the host gives a provider: all a provider may know of the host. A provider never opens the
 * archive, the terminal, or another plugin.
 *
 * <p>Implementations are thread-safe; {@link #publish(ProviderEvent)} never blocks on the UI or the
 * database.
 */
public interface ProviderContext {

    /**
     * The provider's settings from the user's configuration file: the keys under the provider's id,
     * with the {@code "<id>."} prefix removed (the file line {@code whatsapp.exports.dirs=/a:/b} reaches
     * the WhatsApp provider as {@code exports.dirs}). Unmodifiable.
     */
    Map<String, String> settings();

    /** One setting, if the user gave it. */
    default Optional<String> setting(String key) {
        return Optional.ofNullable(settings().get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /**
     * A folder of the provider's own, which exists and persists across runs (auth state, caches,
     * registered sources). Other providers do not see it.
     */
    Path dataDirectory();

    /**
     * A folder of the provider's own for the one archive this host serves, which exists and persists
     * across runs: for state that belongs to what the archive holds, such as the sources the user
     * imported into it, which a second archive (chosen with {@code --archive}) must not see. State
     * of the provider itself (auth state, caches keyed by content) belongs in {@link #dataDirectory()},
     * which every archive of the data folder shares.
     *
     * <p>The host gives each archive file its own folder inside {@link #dataDirectory()}, except the
     * default archive ({@code archive.db} in the host's data folder), which gets {@link #dataDirectory()}
     * itself: so what a provider kept there before this method existed stays with the default archive.
     * The default implementation returns {@link #dataDirectory()}, for hosts that serve one archive.
     *
     * @since 1.1.0
     */
    default Path archiveDataDirectory() {
        return dataDirectory();
    }

    /** The host's data folder, where the archive lives; for defaults such as "an exports folder beside the archive". */
    Path hostDataDirectory();

    /** Tell the host something; see {@link ProviderEvent}. Safe from any thread; returns at once. */
    void publish(ProviderEvent event);

    /** The clock to read "now" from, so tests can fix it. */
    Clock clock();
}
