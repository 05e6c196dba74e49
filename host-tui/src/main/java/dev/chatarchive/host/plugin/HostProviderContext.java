package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What one provider gets from the host: its own settings, its own data folder and its folder for the
 * archive served, the host's data folder, a way to publish events, and the clock.
 */
final class HostProviderContext implements ProviderContext {

    private final String providerId;
    private final Map<String, String> settings;
    private final Path dataDirectory;
    private final Path archiveDataDirectory;
    private final Path hostDataDirectory;
    private final ProviderEventBus events;
    private final Clock clock;

    HostProviderContext(String providerId, Map<String, String> settings, Path dataDirectory, Path archiveDataDirectory,
                        Path hostDataDirectory, ProviderEventBus events, Clock clock) {
        this.providerId = Objects.requireNonNull(providerId);
        this.settings = Map.copyOf(settings);
        this.dataDirectory = Objects.requireNonNull(dataDirectory);
        this.archiveDataDirectory = Objects.requireNonNull(archiveDataDirectory);
        this.hostDataDirectory = Objects.requireNonNull(hostDataDirectory);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
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
    public Path archiveDataDirectory() {
        return archiveDataDirectory;
    }

    @Override
    public Path hostDataDirectory() {
        return hostDataDirectory;
    }

    @Override
    public void publish(ProviderEvent event) {
        if (event == null) {
            return;
        }
        events.publish(new PublishedEvent(providerId, event));
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
