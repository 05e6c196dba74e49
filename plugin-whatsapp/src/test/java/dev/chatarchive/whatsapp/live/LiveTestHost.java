package dev.chatarchive.whatsapp.live;

import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The host as a provider sees it: real folders in a temporary directory, recorded events, a fixed
 * clock, and live mode pointed at the simulated phone with short waits.
 */
final class LiveTestHost implements ProviderContext {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final Path root;
    final Path dataDirectory;
    final Map<String, String> settings = new HashMap<>();
    final List<ProviderEvent> events = new CopyOnWriteArrayList<>();

    LiveTestHost(Path root, SimulatedPhone phone) throws Exception {
        this.root = root;
        this.dataDirectory = Files.createDirectories(root.resolve("host/plugins-data/whatsapp"));
        settings.put("live.enabled", "true");
        settings.put("live.socket-module", SimulatedPhone.MODULE.toString());
        settings.put("live.socket-config", phone.write(Files.createDirectories(root.resolve("phone"))).toString());
        settings.put("live.pause", "0ms");
        settings.put("live.request-timeout", "3s");
        settings.put("live.quiet-period", "50ms");
        settings.put("live.restart-delay", "50ms");
        settings.put("exports.dirs", root.resolve("no-exports").toString());
    }

    LiveTestHost with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    @Override
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public Path hostDataDirectory() {
        return root.resolve("host");
    }

    @Override
    public void publish(ProviderEvent event) {
        events.add(event);
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    }

    <T extends ProviderEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits (bounded) until the provider reports {@code state}. */
    static void awaitState(HistoryProvider provider, ConnectionState state) throws InterruptedException {
        await(() -> provider.status().state() == state,
                () -> "the provider never reached " + state + "; it says " + provider.status());
    }

    static void await(BooleanSupplier condition, java.util.function.Supplier<String> failure) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(10);
        }
    }
}
