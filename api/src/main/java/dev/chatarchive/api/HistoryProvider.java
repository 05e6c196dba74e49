package dev.chatarchive.api;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * A source of chat history: the one extension point of chat-archive. A plugin contributes an
 * implementation annotated with {@code @org.pf4j.Extension}; the host finds it, {@link #start starts}
 * it once, asks it questions, and {@link #stop stops} it on exit.
 *
 * <h2>Lifecycle</h2>
 * The host creates one instance per run and calls {@link #start(ProviderContext)} before anything
 * else, and {@link #stop()} last. Between the two, the other methods may be called from several host
 * threads, but never more than {@link SyncPolicy#maxConcurrentRequests()} {@link #fetchHistory} calls
 * at once.
 *
 * <h2>Paging</h2>
 * The host syncs a chat by paging: it asks for up to {@code limit} messages strictly older than the
 * oldest message it holds (a {@link HistoryCursor}), stores them, and asks again with the new oldest
 * message, until a page says {@link HistoryPage#endOfHistory()}. "Strictly older" means older than
 * the cursor message in the provider's own order; a message with the cursor's timestamp but placed
 * before it counts as older, the cursor message itself never does. Because the host deduplicates on
 * {@code (chatId, id)}, a provider that returns a message twice loses nothing, but ids must be stable.
 *
 * <h2>Threads and cancellation</h2>
 * Calls block until they have an answer. When the calling thread is interrupted (the user cancelled,
 * the host is closing) a call must return promptly, within a second, by throwing
 * {@link InterruptedException}; nothing it returned before is lost. A call that cannot answer in
 * reasonable time throws {@link RetryableProviderException}; the host also applies its own timeout
 * to every call, after which it interrupts the call and counts it as a retryable failure:
 * <table>
 *   <caption>The host's timeout per call</caption>
 *   <tr><th>Calls</th><th>Timeout</th></tr>
 *   <tr><td>{@link #start}, {@link #stop} (and the plugin's own start and stop)</td><td>60 s</td></tr>
 *   <tr><td>{@link #status}, {@link #chatIdProblem}, {@link #supportedDirections}, {@link #syncPolicy},
 *       {@link #canImport}</td><td>10 s</td></tr>
 *   <tr><td>{@link #listChats}, {@link #fetchHistory}</td><td>2 min</td></tr>
 *   <tr><td>{@link #importSource}</td><td>30 min</td></tr>
 * </table>
 *
 * <h2>Testing a provider</h2>
 * {@link dev.chatarchive.api.contract.ProviderContract} checks these rules against a provider from
 * its own tests (strictly older pages, stable ids, no message lost around a same-timestamp cursor, a
 * true end of history, typed errors, interrupts honoured).
 *
 * <h2>Failures</h2>
 * Throw {@link RetryableProviderException} or {@link PermanentProviderException} with a sentence the
 * user can act on. Anything else a provider throws is caught by the host, logged, and treated as a
 * permanent failure of that call; it never brings the host down.
 */
public interface HistoryProvider extends ExtensionPoint {

    /** Who this provider is. Called before {@link #start}; must not fail. */
    ProviderInfo info();

    /**
     * Prepare to answer: read settings, open sources, connect. Called once, before any other call
     * except {@link #info()}. A provider that cannot work (no sources configured, say) should still
     * start and report its state through {@link #status()}; throw only when it is broken.
     */
    default void start(ProviderContext context) throws ProviderException {
    }

    /** Release everything: close connections, stop processes. Called once, last; must not throw. */
    default void stop() {
    }

    /** The provider's state for the status line, for example "3 export files" or "Phone offline". */
    default ProviderStatus status() {
        return new ProviderStatus(ConnectionState.OFFLINE_READY, "");
    }

    /**
     * The chats this provider can give history for, in any order. May be empty.
     *
     * @throws ProviderException when the list cannot be had
     * @throws InterruptedException when the calling thread is interrupted
     */
    List<ChatDescription> listChats() throws ProviderException, InterruptedException;

    /**
     * One page of a chat's history: up to {@code request.limit()} messages strictly on the requested
     * side of the cursor. See {@link HistoryPage} for the rules of the answer.
     *
     * @throws PermanentProviderException for an unknown chat, a direction not in
     *         {@link #supportedDirections()}, or a source that cannot be read
     * @throws RetryableProviderException when the answer may come if asked later
     * @throws InterruptedException when the calling thread is interrupted
     */
    HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException;

    /** Which ways this provider can page. Always contains {@link PagingDirection#OLDER}. */
    default Set<PagingDirection> supportedDirections() {
        return EnumSet.of(PagingDirection.OLDER);
    }

    /** How hard the host may press this provider; see {@link SyncPolicy}. */
    default SyncPolicy syncPolicy() {
        return SyncPolicy.LOCAL_SOURCE;
    }

    /**
     * How hard the host may press this provider for this request, when that depends on where the
     * request goes (a provider with a local source and a rate-limited remote one: local chats keep
     * local speed). The host keeps each distinct policy on its own: requests under one policy never
     * wait for requests under another. The host may ask with a provisional {@code limit} and then
     * send the request with a limit no larger than the policy's page size. The default is
     * {@link #syncPolicy()} for every request. Since api 1.1.
     */
    default SyncPolicy syncPolicy(HistoryRequest request) {
        return syncPolicy();
    }

    /**
     * Why {@code chatId} cannot be one of this provider's chat ids, or empty when it can. The host
     * checks ids the user types and ids on every message before storing; the rule lives here because
     * only the provider knows its id format (WhatsApp: a JID ending in {@code @s.whatsapp.net} or
     * {@code @g.us}).
     */
    default Optional<String> chatIdProblem(String chatId) {
        return Optional.empty();
    }

    /**
     * Whether this provider can read the file or folder at {@code source} (for {@code chat-archive
     * import FILE}). Looks, does not read it whole. The default says no.
     */
    default boolean canImport(Path source) {
        return false;
    }

    /**
     * Register {@code source} as a source of history, so that its chats appear in
     * {@link #listChats()} from now on and across restarts, and return those chats. Registering the
     * same source twice is harmless. The host then syncs the returned chats through its sync engine.
     *
     * @throws PermanentProviderException when the source cannot be read (say why, and what to do)
     */
    default List<ChatDescription> importSource(Path source) throws ProviderException, InterruptedException {
        throw new PermanentProviderException(info().name() + " cannot import files.");
    }

    /**
     * {@link #importSource(Path)} with what the user said about the source on the command line (a
     * key for an encrypted backup, a contacts file, a date order); see {@link ImportOptions}. The
     * host always calls this form. The default ignores the options and calls
     * {@link #importSource(Path)}, so a provider written for an earlier 1.x api keeps working.
     *
     * <p>A provider must not keep a secret option (the {@link ImportOptions#KEY key}) beyond the
     * import, nor write it anywhere.
     *
     * @throws PermanentProviderException when the source cannot be read with these options (a wrong
     *         key, a missing contacts file: say which, and what to do)
     * @since 1.1.0
     */
    default List<ChatDescription> importSource(Path source, ImportOptions options)
            throws ProviderException, InterruptedException {
        return importSource(source);
    }

    /**
     * Forget the account's credentials and disconnect (for live providers). The default does nothing.
     */
    default void logout() throws ProviderException, InterruptedException {
    }
}
