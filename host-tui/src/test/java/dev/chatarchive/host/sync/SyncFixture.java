package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real archive file in a temporary folder, a sync service over it, and the scripted providers it
 * calls; time is a {@link ManualClock}, so backoff and pauses are recorded instead of waited.
 */
final class SyncFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final RetryPolicy FAST_RETRY =
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1));

    final Path file;
    final ManualClock clock = new ManualClock(NOW);
    final List<SyncEvent> events = new CopyOnWriteArrayList<>();
    private final List<HistoryProvider> providers = new ArrayList<>();
    private SyncSettings settings;
    Archive archive;
    SyncService service;

    SyncFixture(Path folder, HistoryProvider... providers) {
        this.file = folder.resolve("archive.db");
        this.providers.addAll(List.of(providers));
        this.settings = SyncSettings.defaults(clock).withRetry(FAST_RETRY).withSleeper(clock);
        open();
    }

    SyncFixture withSettings(SyncSettings changed) {
        service.close();
        archive.close();
        this.settings = changed;
        open();
        return this;
    }

    SyncSettings settings() {
        return settings;
    }

    /** Open the archive and a new service over it, as a new process would. */
    void open() {
        archive = Archive.open(file, clock);
        service = new SyncService(archive, ProviderDirectory.of(providers), settings);
        service.addListener(events::add);
    }

    /** Close the service and the archive, as a clean exit does. */
    void reopen() {
        service.close();
        archive.close();
        open();
    }

    /** Forget this process without closing its service (its threads stay blocked where they are). */
    void abandonAndReopen() {
        archive.close(); // releases the file lock only, as the OS would for a dead process
        open();
    }

    /** Run a sync to its end; a second passes first, so requests are ordered in time. */
    SyncOutcome sync(String chatId, int max, SyncMode mode) throws InterruptedException {
        clock.advance(Duration.ofSeconds(1));
        return service.start(chatId, max, mode, "test").await();
    }

    SyncCheckpoint checkpoint(String chatId) {
        return service.checkpoint(chatId).orElseThrow();
    }

    /** The ids the archive holds for the chat, sorted. */
    Set<String> heldIds(String chatId) {
        List<String> ids = archive.read(session -> session.handle()
                .createQuery("SELECT id FROM messages WHERE chat_jid = :chat").bind("chat", chatId)
                .mapTo(String.class).list());
        return new TreeSet<>(ids);
    }

    void preload(String providerId, List<HistoricalMessage> messages) {
        archive.write(session -> session.messages().insertIfAbsent(providerId, messages));
    }

    static Set<String> ids(List<HistoricalMessage> messages) {
        Set<String> ids = new TreeSet<>();
        messages.forEach(message -> ids.add(message.id()));
        return ids;
    }

    <T extends SyncEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        service.close();
        archive.close();
    }
}
