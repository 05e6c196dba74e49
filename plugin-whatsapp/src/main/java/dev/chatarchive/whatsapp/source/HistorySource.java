package dev.chatarchive.whatsapp.source;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.api.SyncPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One place WhatsApp history comes from (export files, the live sidecar), behind the single
 * {@code WhatsAppHistoryProvider} the host sees. Internal to the plugin: the host never sees it.
 *
 * <p>A source answers only for the chats it {@link #owns owns}. When two sources own the same chat
 * (an export of a chat the phone also knows), the provider splits the chat's timeline at the
 * source's {@link #horizon horizon}: a source that holds a fixed snapshot (an export) answers for
 * everything up to its newest message, and a source without a horizon (live) answers for what is
 * newer. So the same message never arrives from both with two different ids. See
 * {@code docs/whatsapp-exports.md}, "Exports and live sync of the same chat".
 *
 * <p>Lifecycle and threading follow {@link dev.chatarchive.api.HistoryProvider}: {@link #start} once,
 * then any call from any thread, {@link #stop} last.
 */
public interface HistorySource {

    /**
     * The policy of sources that read files on this computer (exports, phone backups): like
     * {@link SyncPolicy#LOCAL_SOURCE} but with pages of 5,000 messages. The host stores each page in
     * one transaction, and a page of 5,000 writes the archive's index pages a fifth as often as one of
     * 1,000 (measured: a third less CPU in SQLite for a 100,000-message import; docs/benchmarks.md).
     */
    SyncPolicy LOCAL_FILES = new SyncPolicy(4, java.time.Duration.ZERO, 5_000);

    /** A short name for logs and the status line, for example {@code "exports"} or {@code "live"}. */
    String name();

    /** Prepare to answer; see {@link dev.chatarchive.api.HistoryProvider#start}. */
    void start(ProviderContext context) throws ProviderException;

    /** Release everything; must not throw. */
    void stop();

    /** The source's state, for the provider's status line. */
    ProviderStatus status();

    /** The chats this source can give history for. */
    List<ChatDescription> listChats() throws ProviderException, InterruptedException;

    /** Whether this source can answer {@link #fetchHistory} for {@code chatId} now. */
    boolean owns(String chatId);

    /**
     * Whether this source can be asked right now. A source that is not ready still owns its chats
     * (a request for a chat only it knows fails as retryable), but where another source owns the
     * same chat the provider asks that one alone meanwhile: live mode that is still connecting never
     * holds up an export of the same chat.
     */
    default boolean ready() {
        return true;
    }

    /**
     * One page of the chat's history, with the rules of {@link HistoryPage}. Only called for chats
     * this source {@link #owns owns} and directions it {@link #supportedDirections supports}.
     */
    HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException;

    /** Which ways this source can page; always contains {@link PagingDirection#OLDER}. */
    Set<PagingDirection> supportedDirections();

    /**
     * The newest moment this source knows of the chat when its knowledge is a fixed snapshot (an
     * export file ends where it was exported), or empty when the source follows the chat as it grows
     * (live). The provider uses it to split a chat between sources.
     */
    default Optional<Instant> horizon(String chatId) {
        return Optional.empty();
    }

    /**
     * Whether this source holds {@code chatId}'s whole history with WhatsApp's own message ids (a
     * phone backup being imported), so that it answers for the chat alone, without splitting the
     * timeline with an export or asking the phone. The default says no.
     */
    default boolean holdsWholeChat(String chatId) {
        return false;
    }

    /**
     * How hard the provider may press this source; the provider reports the strictest policy of its
     * sources to the host (live WhatsApp: one request at a time, a pause, 50 messages a page).
     */
    default SyncPolicy syncPolicy() {
        return SyncPolicy.LOCAL_SOURCE;
    }

    /** Forget this source's credentials and disconnect; see {@link dev.chatarchive.api.HistoryProvider#logout}. */
    default void logout() throws ProviderException, InterruptedException {
    }

    /** Whether {@code source} looks like something this source reads; see {@link dev.chatarchive.api.HistoryProvider#canImport}. */
    default boolean canImport(Path source) {
        return false;
    }

    /** Register {@code source}; see {@link dev.chatarchive.api.HistoryProvider#importSource}. */
    default List<ChatDescription> importSource(Path source) throws ProviderException, InterruptedException {
        throw new PermanentProviderException("The " + name() + " source cannot import files.");
    }

    /** Register {@code source} with the user's options; see {@link dev.chatarchive.api.HistoryProvider#importSource(Path, ImportOptions)}. */
    default List<ChatDescription> importSource(Path source, ImportOptions options)
            throws ProviderException, InterruptedException {
        return importSource(source);
    }
}
