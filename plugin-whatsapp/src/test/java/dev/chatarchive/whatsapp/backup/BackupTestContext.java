package dev.chatarchive.whatsapp.backup;

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

/** A host as the backup source sees it: a real data folder, a fixed clock, recorded events. */
final class BackupTestContext implements ProviderContext {

    private final Path dataDirectory;
    private final Path hostDataDirectory;
    private final List<ProviderEvent> events = new CopyOnWriteArrayList<>();

    BackupTestContext(Path root) throws Exception {
        this.hostDataDirectory = Files.createDirectories(root.resolve("host"));
        this.dataDirectory = Files.createDirectories(root.resolve("host/plugins-data/whatsapp"));
    }

    List<ProviderEvent> events() {
        return events;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of();
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
