package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.SyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /** A provider that imports files ending in {@code .export}, naming the chats of {@code scripted}. */
    private record ImportingProvider(ScriptedProvider scripted) implements HistoryProvider {

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
}
