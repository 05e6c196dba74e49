package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.host.checkpoint.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import use case over a real archive and the real engine, with a provider that imports files. */
class SourceImportTest {

    @TempDir
    Path folder;

    @Test
    void run_importedChats_areAnnouncedToListenersOnceStoredAndBeforeTheirSync() throws Exception {
        ScriptedProvider scripted = new ScriptedProvider("files").withChat("a@test", Histories.linear("a@test", 5));
        Path export = Files.writeString(folder.resolve("chat-a.export"), "a stand-in export");
        try (SyncFixture fixture = new SyncFixture(folder, new ImportingProvider(scripted))) {
            List<Boolean> storedWhenAnnounced = new CopyOnWriteArrayList<>();
            fixture.service.addListener(event -> {
                if (event instanceof SyncEvent.BatchStored stored && stored.newMessages() == 0) {
                    storedWhenAnnounced.add(fixture.archive.read(session -> session.chats().find(stored.chatId()))
                            .isPresent());
                }
            });

            List<SourceImport.FileResult> results = new SourceImport(fixture.service)
                    .run(List.of(export), ImportOptions.NONE, new SourceImport.Listener() {
                        @Override
                        public void syncRefused(ChatDescription chat, SyncRefusedException refusal) {
                            throw new AssertionError(refusal.getMessage());
                        }
                    });

            assertTrue(results.get(0).fine(), results.toString());
            SyncEvent first = fixture.events.stream().filter(event -> event.chatId().equals("a@test")).findFirst()
                    .orElseThrow();
            assertEquals(new SyncEvent.BatchStored("a@test", 0), first, "the chat is announced before its sync starts");
            assertFalse(storedWhenAnnounced.isEmpty());
            assertFalse(storedWhenAnnounced.contains(false), "a listener reading the archive finds the announced chat");
            assertEquals(5, fixture.heldIds("a@test").size());
        }
    }

    private static final String EXPORT = "export-anna@test";
    private static final String ANNA = "anna@test";

    /**
     * The export's lines for the real chat's messages {@code numbers} (same minute, same text, same
     * direction; the author by name, as exports write it), plus one line older than the phone's chat.
     */
    private static List<HistoricalMessage> exportLines(int... numbers) {
        List<HistoricalMessage> lines = new ArrayList<>();
        lines.add(new HistoricalMessage("export-0", EXPORT, "Anna", null, "older than the phone's chat",
                Histories.START.minus(Duration.ofDays(1)), false, MessageType.TEXT, false, "{\"source\":\"whatsapp-export\"}"));
        for (int number : numbers) {
            HistoricalMessage real = Histories.message(ANNA, number, Histories.START.plus(Duration.ofMinutes(number)));
            lines.add(new HistoricalMessage("export-" + number, EXPORT, real.fromMe() ? "me" : "Anna", null,
                    real.content(), real.timestamp().minusMillis(real.timestamp().toEpochMilli() % 60_000), real.fromMe(),
                    MessageType.TEXT, false, "{\"source\":\"whatsapp-export\"}"));
        }
        return lines;
    }

    private static Set<String> ids(String... ids) {
        return new TreeSet<>(List.of(ids));
    }

    /**
     * Issue #12's import cost: a chat bigger than one request (the seed's 10,000 messages) is synced in
     * several runs, and what each run asks of the provider must not grow with the runs before it. Here:
     * 25,000 messages, so three runs; every request asks for one page from where the last one ended,
     * none asks again for what is stored, and the provider is never asked to list or import again.
     */
    @Test
    void run_aChatOfSeveralRequests_asksTheProviderForEachPageOnceWhateverTheRun() throws Exception {
        int size = 25_000;
        ScriptedProvider scripted = new ScriptedProvider("files").withChat("big@test", Histories.linear("big@test", size));
        Path export = Files.writeString(folder.resolve("big.export"), "a stand-in export");
        CountingImporter provider = new CountingImporter(scripted);
        try (SyncFixture fixture = new SyncFixture(folder, provider)) {
            List<SyncOutcome> runs = new CopyOnWriteArrayList<>();

            new SourceImport(fixture.service).run(List.of(export), ImportOptions.NONE, new SourceImport.Listener() {
                @Override
                public void runEnded(SyncOutcome outcome) {
                    runs.add(outcome);
                }
            });

            assertEquals(size, fixture.heldIds("big@test").size());
            assertEquals(3, runs.size(), runs.toString());
            assertEquals(1, provider.imports.get());
            assertEquals(0, provider.lists.get(), "no run lists the provider's chats again");
            List<HistoryRequest> requests = scripted.requests();
            int pages = 0;
            HistoryRequest previous = null;
            for (HistoryRequest request : requests) {
                assertEquals(PagingDirection.OLDER, request.direction());
                if (previous != null) {
                    assertTrue(request.cursor() != null && !request.cursor().equals(previous.cursor()),
                            "each request goes on from the last one: " + previous + " then " + request);
                }
                pages++;
                previous = request;
            }
            // 25 pages of 1,000 messages, plus at most one request per run to learn where history ends
            assertTrue(pages <= size / 1_000 + runs.size(), pages + " requests for " + size + " messages");
        }
    }

    private static boolean allComplete(List<SourceImport.FileResult> results) {
        return results.stream().allMatch(SourceImport.FileResult::fine);
    }

    @Test
    void run_anExportMergedBefore_staysMerged_sameExportAddsNothing_newerExportsNewLinesAreMerged() throws Exception {
        ScriptedProvider scripted = new ScriptedProvider("files").withChat(ANNA, Histories.linear(ANNA, 5))
                .withChat(EXPORT, exportLines(1, 2, 3, 4, 5));
        Path export = Files.writeString(folder.resolve("anna.export"), "a stand-in export");
        try (SyncFixture fixture = new SyncFixture(folder, new ImportingProvider(scripted))) {
            SourceImport importer = new SourceImport(fixture.service);
            assertTrue(allComplete(importer.run(List.of(export), ImportOptions.NONE, SourceImport.Listener.NONE)));
            fixture.archive.write(session -> session.merge(EXPORT, ANNA));
            Set<String> merged = ids("m0001", "m0002", "m0003", "m0004", "m0005", "export-0");
            assertEquals(merged, fixture.heldIds(ANNA));

            // the same export again: nothing new, and its chat does not come back
            fixture.events.clear();
            assertTrue(allComplete(importer.run(List.of(export), ImportOptions.NONE, SourceImport.Listener.NONE)));
            assertEquals(merged, fixture.heldIds(ANNA));
            assertTrue(fixture.archive.read(session -> session.chats().find(EXPORT)).isEmpty());
            assertTrue(fixture.service.checkpoint(EXPORT).isEmpty());
            assertTrue(fixture.events.contains(new SyncEvent.BatchStored(EXPORT, 0)),
                    "listeners hear that the export chat changed (it is gone again)");

            // a newer export: its line for the phone's new message is dropped, its other new line moves over
            scripted.append(ANNA, List.of(Histories.message(ANNA, 6, Histories.START.plusSeconds(6 * 60))));
            fixture.sync(ANNA, 10_000, SyncMode.RESTART);
            List<HistoricalMessage> newer = new ArrayList<>(exportLines(1, 2, 3, 4, 5, 6));
            newer.add(new HistoricalMessage("export-7", EXPORT, "me", null, "only in the newer export",
                    Histories.START.plusSeconds(7 * 60), true, MessageType.TEXT, false, "{\"source\":\"whatsapp-export\"}"));
            scripted.withChat(EXPORT, newer);
            assertTrue(allComplete(importer.run(List.of(export), ImportOptions.NONE, SourceImport.Listener.NONE)));
            Set<String> expected = new TreeSet<>(merged);
            expected.addAll(List.of("m0006", "export-7"));
            assertEquals(expected, fixture.heldIds(ANNA));
            assertTrue(fixture.archive.read(session -> session.chats().find(EXPORT)).isEmpty());

            // syncing everything the provider lists does not bring it back either
            fixture.service.syncAll(null, 10_000, "test").await();
            assertEquals(expected, fixture.heldIds(ANNA));
            assertTrue(fixture.archive.read(session -> session.chats().find(EXPORT)).isEmpty());
        }
    }

    @Test
    void run_realHistoryArrivingAfterAMerge_absorbsTheExportLinesThatWereMovedOver() throws Exception {
        ScriptedProvider scripted = new ScriptedProvider("files").withChat(ANNA, Histories.linear(ANNA, 5).subList(3, 5))
                .withChat(EXPORT, exportLines(1, 2, 3, 4, 5));
        Path export = Files.writeString(folder.resolve("anna.export"), "a stand-in export");
        try (SyncFixture fixture = new SyncFixture(folder, new ImportingProvider(scripted))) {
            new SourceImport(fixture.service).run(List.of(export), ImportOptions.NONE, SourceImport.Listener.NONE);
            fixture.archive.write(session -> session.merge(EXPORT, ANNA));
            assertEquals(ids("m0004", "m0005", "export-0", "export-1", "export-2", "export-3"), fixture.heldIds(ANNA),
                    "the phone's chat held only its two newest messages: three lines moved over");

            scripted.withChat(ANNA, Histories.linear(ANNA, 5));
            SyncOutcome older = fixture.sync(ANNA, 10_000, SyncMode.RESTART);

            assertEquals(3, older.newMessages());
            assertEquals(ids("m0001", "m0002", "m0003", "m0004", "m0005", "export-0"), fixture.heldIds(ANNA));
            assertEquals(6L, fixture.archive.read(session -> session.chats().find(ANNA)).orElseThrow().messageCount());
        }
    }

    /** A provider that imports files ending in {@code .export}, naming the chats of {@code scripted}. */
    record ImportingProvider(ScriptedProvider scripted) implements HistoryProvider {

        @Override
        public ProviderInfo info() {
            return scripted.info();
        }

        @Override
        public List<ChatDescription> listChats() {
            return scripted.listChats();
        }

        @Override
        public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
            return scripted.fetchHistory(request);
        }

        @Override
        public Set<PagingDirection> supportedDirections() {
            return scripted.supportedDirections();
        }

        @Override
        public SyncPolicy syncPolicy() {
            return scripted.syncPolicy();
        }

        @Override
        public Optional<String> chatIdProblem(String chatId) {
            return scripted.chatIdProblem(chatId);
        }

        @Override
        public boolean canImport(Path source) {
            return source.getFileName().toString().endsWith(".export");
        }

        @Override
        public List<ChatDescription> importSource(Path source) {
            return scripted.listChats();
        }
    }

    /** {@link ImportingProvider} that counts how often it is asked to import and to list its chats. */
    private static final class CountingImporter implements HistoryProvider {
        private final ImportingProvider delegate;
        final java.util.concurrent.atomic.AtomicInteger imports = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger lists = new java.util.concurrent.atomic.AtomicInteger();

        CountingImporter(ScriptedProvider scripted) {
            this.delegate = new ImportingProvider(scripted);
        }

        @Override
        public ProviderInfo info() {
            return delegate.info();
        }

        @Override
        public List<ChatDescription> listChats() {
            lists.incrementAndGet();
            return delegate.listChats();
        }

        @Override
        public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
            return delegate.fetchHistory(request);
        }

        @Override
        public Set<PagingDirection> supportedDirections() {
            return delegate.supportedDirections();
        }

        @Override
        public SyncPolicy syncPolicy() {
            return delegate.syncPolicy();
        }

        @Override
        public Optional<String> chatIdProblem(String chatId) {
            return delegate.chatIdProblem(chatId);
        }

        @Override
        public boolean canImport(Path source) {
            return delegate.canImport(source);
        }

        @Override
        public List<ChatDescription> importSource(Path source) {
            imports.incrementAndGet();
            return delegate.importSource(source);
        }
    }
}
