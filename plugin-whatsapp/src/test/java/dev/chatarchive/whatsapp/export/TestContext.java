package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A host as the provider sees it: real folders in a temporary directory, a fixed clock, recorded events. */
public final class TestContext implements ProviderContext {

    final Path dataDirectory;
    final Path hostDataDirectory;
    final Map<String, String> settings;
    final List<ProviderEvent> events = new CopyOnWriteArrayList<>();

    public TestContext(Path root, Map<String, String> settings) throws Exception {
        this.hostDataDirectory = Files.createDirectories(root.resolve("host"));
        this.dataDirectory = Files.createDirectories(root.resolve("host/plugins-data/whatsapp"));
        this.settings = Map.copyOf(settings);
    }

    /** A context whose export times are read in Europe/Amsterdam, with no exports folder of its own. */
    public static TestContext amsterdam(Path root) throws Exception {
        return new TestContext(root, Map.of("exports.timezone", "Europe/Amsterdam"));
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
        return hostDataDirectory;
    }

    @Override
    public void publish(ProviderEvent event) {
        events.add(event);
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    }
}
