package dev.chatarchive.host.sync;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import dev.chatarchive.host.store.SyncRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings files (chat exports, backups) into the archive: each file goes to the first started provider
 * that {@link HistoryProvider#canImport can import} it, which registers it as a source and names its
 * chats; the chats are added to the archive (the engine's listeners hear of each, as of any write)
 * and synced through the sync engine, like any provider's, until each is complete.
 *
 * <p>How a chat is synced depends on its checkpoint, so that importing again (the same file, or a
 * newer export of the chat) brings what is new and never doubles anything:
 * <ul>
 *   <li>never synced: a normal start (from the newest message back);
 *   <li>interrupted or cancelled: resumed (a provider that pages forward catches up first);
 *   <li>completed or failed: restarted, which walks the whole chat again from the newest message; the
 *       messages the archive holds are ignored, only new ones are stored.
 * </ul>
 * One sync stores at most {@link SyncRequest#MAX_MESSAGES_LIMIT} messages (the seed's limit), so a
 * bigger export is synced in several resumed runs, each recorded like any sync request.
 *
 * <p>A full disk stops the whole import: the chat whose sync met it is left resumable with what it
 * stored, and the chats and files after it are not tried (they would meet the same disk); importing
 * the same files again goes on from there.
 *
 * <p>The one import path: {@code chat-archive import} prints what its {@link Listener} hears, the
 * first run imports the samples with {@link Listener#NONE}. While a sync run is awaited, ending the
 * process cancels it cleanly ({@link CancelOnExit}).
 */
public final class SourceImport {

    private static final Logger LOG = LoggerFactory.getLogger(SourceImport.class);

    private final SyncService sync;

    /** An import into the archive of {@code sync}, through that engine and its providers. */
    public SourceImport(SyncService sync) {
        this.sync = sync;
    }

    /** What an import reports while it runs, in order; every method does nothing by default. */
    public interface Listener {

        /** Hears nothing: problems still go to the log. */
        Listener NONE = new Listener() {
        };

        /** {@code source} does not exist, or no started provider can import it; {@code problem} says which. */
        default void refused(Path source, String problem) {
        }

        /** The provider chosen for {@code file} could not import it (a damaged file, a wrong key). */
        default void providerRefused(Path file, ProviderException problem) {
        }

        /** The provider registered {@code file} and named its chats, which the archive now holds. */
        default void imported(Path file, String providerName, List<ChatDescription> chats) {
        }

        /** The engine refused to sync {@code chat} (it is syncing already, for example); its sentence. */
        default void syncRefused(ChatDescription chat, SyncRefusedException refusal) {
        }

        /** One sync run of a chat ended; a big chat takes several. */
        default void runEnded(SyncOutcome outcome) {
        }

        /** The chat's syncing ended: one outcome per run, the last says how. */
        default void chatEnded(ChatDescription chat, List<SyncOutcome> outcomes) {
        }
    }

    /**
     * What importing one file came to.
     *
     * @param source   the file as named
     * @param missing  whether it does not exist
     * @param problem  why it was not imported, or {@code null} when it was
     * @param chats    the chats its provider named
     * @param outcomes every sync run of those chats, in order
     */
    public record FileResult(Path source, boolean missing, String problem, List<ChatDescription> chats,
                             List<SyncOutcome> outcomes) {

        /**
         * Whether the file was imported and every chat of it synced to completion: each chat's last run
         * completed. A big chat takes several runs (one stores at most the seed's 10,000 messages); the
         * runs before its last stop at that limit on purpose and are no failure.
         */
        public boolean fine() {
            if (problem != null) {
                return false;
            }
            for (ChatDescription chat : chats) {
                SyncOutcome last = null;
                for (SyncOutcome outcome : outcomes) {
                    if (outcome.chatId().equals(chat.chatId())) {
                        last = outcome;
                    }
                }
                if (last == null || last.state() != SyncState.COMPLETED) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Imports every source, one after the other, each with {@code options} (the command line's
     * {@code --key}, {@code --contacts}); a source that fails does not stop the others.
     */
    public List<FileResult> run(List<Path> sources, ImportOptions options, Listener listener)
            throws InterruptedException {
        try {
            return importAll(sources, options, listener);
        } finally {
            sync.dropPagesAskedAhead();
        }
    }

    private List<FileResult> importAll(List<Path> sources, ImportOptions options, Listener listener)
            throws InterruptedException {
        List<FileResult> results = new ArrayList<>();
        boolean diskFull = false;
        for (Path source : sources) {
            if (diskFull) {
                // Every further write would meet the same full disk: the rest waits for the import to be run again.
                results.add(refused(source, false, "'" + source + "' was not imported: the disk is full.", listener));
                continue;
            }
            FileResult result = importOne(source, options, listener);
            results.add(result);
            diskFull = result.outcomes().stream().anyMatch(SourceImport::stoppedByFullDisk);
        }
        return results;
    }

    private FileResult importOne(Path source, ImportOptions options, Listener listener) throws InterruptedException {
        Path file = source.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return refused(source, true, "'" + source + "' does not exist.", listener);
        }
        Optional<HistoryProvider> importer = sync.providers().providers().stream()
                .filter(provider -> provider.canImport(file))
                .findFirst();
        if (importer.isEmpty() && Files.isDirectory(file)) {
            return refused(source, false, "'" + source + "' is a folder, and no plugin imports it as one (a folder is "
                    + "imported only when it is an iPhone backup, with a Manifest.db in it). To import the chat exports "
                    + "in it, name the files: chat-archive import '" + source + "'/*.zip", listener);
        }
        if (importer.isEmpty()) {
            return refused(source, false, "No plugin can import '" + source + "': chat-archive reads WhatsApp's"
                    + " \"Export chat\" .txt and .zip files, Android backups (msgstore.db, msgstore.db.crypt12/14/15),"
                    + " iPhone ChatStorage.sqlite and iPhone backup folders (chat-archive plugins shows what is loaded).",
                    listener);
        }
        HistoryProvider provider = importer.get();
        List<ChatDescription> chats;
        try {
            chats = provider.importSource(file, options);
        } catch (ProviderException e) {
            LOG.warn("{} could not import {}", provider.info().name(), file, e);
            LOG.warn("Import of {} refused: {}", source, e.getMessage());
            listener.providerRefused(file, e);
            return new FileResult(source, false, e.getMessage() == null ? "" : e.getMessage(), List.of(), List.of());
        }
        sync.recordChats(provider.info().id(), chats);
        listener.imported(file, provider.info().name(), chats);
        List<SyncOutcome> outcomes = new ArrayList<>();
        for (int index = 0; index < chats.size(); index++) {
            ChatDescription chat = chats.get(index);
            ChatDescription next = index + 1 < chats.size() ? chats.get(index + 1) : null;
            List<SyncOutcome> ofChat = syncUntilDone(chat, next, listener);
            outcomes.addAll(ofChat);
            if (ofChat.stream().anyMatch(SourceImport::stoppedByFullDisk)) {
                break;
            }
        }
        return new FileResult(source, false, null, chats, outcomes);
    }

    private static FileResult refused(Path source, boolean missing, String problem, Listener listener) {
        LOG.warn("Import of {} refused: {}", source, problem);
        listener.refused(source, problem);
        return new FileResult(source, missing, problem, List.of(), List.of());
    }

    /** Syncs the chat, resuming after each run that stopped at the request limit, until it ends. */
    private List<SyncOutcome> syncUntilDone(ChatDescription chat, ChatDescription next, Listener listener)
            throws InterruptedException {
        List<SyncOutcome> outcomes = new ArrayList<>();
        // Once this chat's last page is fetched, the next chat's first page is asked for while that page is stored.
        Runnable whenLastPage = next == null ? null
                : () -> sync.askFirstPageAhead(next.chatId(), SyncRequest.MAX_MESSAGES_LIMIT, SourceImport::modeFor);
        while (true) {
            SyncMode mode = modeFor(sync.checkpoint(chat.chatId()));
            SyncHandle handle;
            try {
                handle = sync.start(chat.chatId(), SyncRequest.MAX_MESSAGES_LIMIT, mode, "import", whenLastPage);
            } catch (SyncRefusedException refusal) {
                listener.syncRefused(chat, refusal);
                return outcomes;
            }
            SyncOutcome outcome = CancelOnExit.await(handle::cancel, handle::stopBecausePluginEnded,
                    () -> handle.await(CancelOnExit.GRACE).isPresent(), handle::await);
            listener.runEnded(outcome);
            outcomes.add(outcome);
            boolean more = outcome.state() == SyncState.INTERRUPTED && outcome.stopReason() == StopReason.LIMIT_REACHED
                    && outcome.newMessages() > 0;
            if (!more) {
                listener.chatEnded(chat, outcomes);
                return outcomes;
            }
        }
    }

    /** Whether the run stopped because the archive's disk is full (the import stops there too). */
    public static boolean stoppedByFullDisk(SyncOutcome outcome) {
        return outcome.state() == SyncState.INTERRUPTED && outcome.stopReason() == StopReason.DISK_FULL;
    }

    static SyncMode modeFor(Optional<SyncCheckpoint> checkpoint) {
        SyncState state = checkpoint.map(SyncCheckpoint::status).orElse(SyncState.NOT_STARTED);
        return switch (state) {
            case NOT_STARTED, IN_PROGRESS -> SyncMode.START;
            case INTERRUPTED, CANCELLED -> SyncMode.RESUME;
            case COMPLETED, FAILED -> SyncMode.RESTART;
        };
    }
}
