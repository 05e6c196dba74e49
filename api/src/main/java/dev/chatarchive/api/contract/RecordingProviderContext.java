package dev.chatarchive.api.contract;

import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ProviderContext} for a provider's own tests: the settings and folder it is given, the
 * system clock unless told otherwise, and every event the provider publishes, kept in order.
 *
 * @since 1.1.0
 */
public final class RecordingProviderContext implements ProviderContext {

    private final Map<String, String> settings;
    private final Path dataDirectory;
    private final Clock clock;
    private final List<ProviderEvent> events = new ArrayList<>();

    /** No settings, the system clock; {@code dataDirectory} is the provider's folder and the host's. */
    public RecordingProviderContext(Path dataDirectory) {
        this(dataDirectory, Map.of(), Clock.systemUTC());
    }

    /**
     * @param dataDirectory the provider's own folder (also given as the host's data folder); it must exist
     * @param settings      the provider's settings, keys without the {@code "<id>."} prefix
     * @param clock         the clock the provider reads
     */
    public RecordingProviderContext(Path dataDirectory, Map<String, String> settings, Clock clock) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
        this.settings = Map.copyOf(settings);
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public Path hostDataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void publish(ProviderEvent event) {
        events.add(Objects.requireNonNull(event, "event must not be null"));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The events published so far, oldest first. */
    public synchronized List<ProviderEvent> events() {
        return List.copyOf(events);
    }
}
