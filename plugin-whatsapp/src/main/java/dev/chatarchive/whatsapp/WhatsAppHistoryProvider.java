package dev.chatarchive.whatsapp;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.whatsapp.backup.BackupHistorySource;
import dev.chatarchive.whatsapp.export.ExportHistorySource;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import dev.chatarchive.whatsapp.live.LiveHistorySource;
import dev.chatarchive.whatsapp.source.HistorySource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp history for the host: one provider composed of {@link HistorySource}s (export files,
 * and the live sidecar when it is built in).
 *
 * <p>Routing: a chat's requests go to the sources that {@link HistorySource#owns own} it. When only
 * one does, it answers. When a snapshot source (an export, which has a {@link HistorySource#horizon
 * horizon}) and a following source (live) both own a chat, the timeline is split at the horizon:
 * the snapshot answers for messages at or before it, the following source for messages after it,
 * and a page that crosses the horizon is filled from both. Export-derived ids and live ids differ,
 * so this split is what keeps one message from being stored twice. A phone backup being imported
 * ({@link HistorySource#holdsWholeChat}) has the chat's whole history with WhatsApp's own ids and
 * answers for it alone.
 */
@Extension
public final class WhatsAppHistoryProvider implements HistoryProvider {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppHistoryProvider.class);

    private static final ProviderInfo INFO = new ProviderInfo("whatsapp", "WhatsApp",
            WhatsAppHistoryProvider.class.getPackage().getImplementationVersion() == null
                    ? "dev" : WhatsAppHistoryProvider.class.getPackage().getImplementationVersion());

    private final List<HistorySource> sources;

    /**
     * The provider PF4J creates: phone backups (only while one is imported), export files, then live
     * sync (off unless whatsapp.live.enabled).
     */
    public WhatsAppHistoryProvider() {
        this(List.of(new BackupHistorySource(), new ExportHistorySource(), new LiveHistorySource()));
    }

    /** A provider over these sources, in order of preference for titles and imports. */
    public WhatsAppHistoryProvider(List<HistorySource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("sources must not be empty");
        }
        this.sources = List.copyOf(sources);
    }

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void start(ProviderContext context) throws ProviderException {
        for (HistorySource source : sources) {
            source.start(context);
        }
    }

    @Override
    public void stop() {
        for (HistorySource source : sources) {
            try {
                source.stop();
            } catch (RuntimeException e) {
                LOG.warn("The {} source failed to stop cleanly", source.name(), e);
            }
        }
    }

    @Override
    public ProviderStatus status() {
        if (sources.size() == 1) {
            return sources.get(0).status();
        }
        // The least happy state leads: an error or a pairing prompt matters more than "ready".
        List<ProviderStatus> statuses = sources.stream().map(HistorySource::status).toList();
        ConnectionState lead = statuses.stream().map(ProviderStatus::state)
                .min(Comparator.comparingInt(WhatsAppHistoryProvider::urgency)).orElseThrow();
        String detail = statuses.stream().map(ProviderStatus::detail).filter(d -> !d.isBlank())
                .collect(Collectors.joining("; "));
        return new ProviderStatus(lead, detail);
    }

    private static int urgency(ConnectionState state) {
        return switch (state) {
            case ERROR -> 0;
            case LOGGED_OUT -> 1;
            case NEEDS_PAIRING -> 2;
            case CONNECTING -> 3;
            case DISCONNECTED -> 4;
            case CONNECTED -> 5;
            case OFFLINE_READY -> 6;
        };
    }

    @Override
    public List<ChatDescription> listChats() throws ProviderException, InterruptedException {
        Map<String, ChatDescription> chats = new LinkedHashMap<>();
        for (HistorySource source : sources) {
            for (ChatDescription chat : source.listChats()) {
                chats.merge(chat.chatId(), chat, WhatsAppHistoryProvider::combine);
            }
        }
        return List.copyOf(chats.values());
    }

    /** The same chat seen by two sources: the first title wins, activity is the later one. */
    private static ChatDescription combine(ChatDescription first, ChatDescription second) {
        Instant activity = first.lastActivity() == null ? second.lastActivity()
                : second.lastActivity() == null ? first.lastActivity()
                : first.lastActivity().isAfter(second.lastActivity()) ? first.lastActivity() : second.lastActivity();
        Long size = first.estimatedSize() == null ? second.estimatedSize()
                : second.estimatedSize() == null ? first.estimatedSize()
                : Long.valueOf(Math.max(first.estimatedSize(), second.estimatedSize()));
        return new ChatDescription(first.chatId(), first.title(), first.group() || second.group(), activity, size);
    }

    @Override
    public Set<PagingDirection> supportedDirections() {
        Set<PagingDirection> directions = EnumSet.of(PagingDirection.OLDER);
        for (HistorySource source : sources) {
            directions.addAll(source.supportedDirections());
        }
        return directions;
    }

    /** The strictest policy of the sources: what one source cannot bear, the provider must not ask. */
    @Override
    public SyncPolicy syncPolicy() {
        return strictest(sources);
    }

    /**
     * The policy of the source that will answer this request: an export chat keeps the export's
     * speed whatever live mode is doing; only requests that go to the phone are paced like the phone.
     * A request that may reach both (an export chat the phone also knows, above the export's horizon)
     * gets the stricter one.
     */
    @Override
    public SyncPolicy syncPolicy(HistoryRequest request) {
        if (WhatsAppJid.problem(request.chatId()).isPresent()) {
            return syncPolicy();
        }
        List<HistorySource> owners = sources.stream().filter(s -> s.owns(request.chatId())).toList();
        if (owners.isEmpty()) {
            return syncPolicy();
        }
        Optional<HistorySource> whole = owners.stream().filter(s -> s.holdsWholeChat(request.chatId())).findFirst();
        if (whole.isPresent()) {
            return whole.get().syncPolicy();
        }
        Optional<HistorySource> snapshot = owners.stream().filter(s -> s.horizon(request.chatId()).isPresent()).findFirst();
        Optional<HistorySource> following = owners.stream().filter(s -> s.horizon(request.chatId()).isEmpty()).findFirst();
        if (snapshot.isEmpty() || following.isEmpty()) {
            return owners.get(0).syncPolicy();
        }
        Instant horizon = snapshot.get().horizon(request.chatId()).orElseThrow();
        boolean snapshotOnly = !following.get().ready()
                || (request.direction() == PagingDirection.OLDER && request.cursor() != null
                    && !request.cursor().timestamp().isAfter(horizon));
        return snapshotOnly ? snapshot.get().syncPolicy() : strictest(List.of(snapshot.get(), following.get()));
    }

    private static SyncPolicy strictest(List<HistorySource> sources) {
        SyncPolicy strictest = SyncPolicy.LOCAL_SOURCE;
        for (HistorySource source : sources) {
            SyncPolicy policy = source.syncPolicy();
            strictest = new SyncPolicy(
                    Math.min(strictest.maxConcurrentRequests(), policy.maxConcurrentRequests()),
                    strictest.pauseBetweenRequests().compareTo(policy.pauseBetweenRequests()) >= 0
                            ? strictest.pauseBetweenRequests() : policy.pauseBetweenRequests(),
                    Math.min(strictest.maxPageSize(), policy.maxPageSize()));
        }
        return strictest;
    }

    @Override
    public void logout() throws ProviderException, InterruptedException {
        for (HistorySource source : sources) {
            source.logout();
        }
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
        Optional<String> idProblem = WhatsAppJid.problem(request.chatId());
        if (idProblem.isPresent()) {
            throw new PermanentProviderException("WhatsApp cannot page this chat: " + idProblem.get() + ".");
        }
        List<HistorySource> owners = sources.stream().filter(s -> s.owns(request.chatId())).toList();
        if (owners.isEmpty()) {
            throw new PermanentProviderException("WhatsApp has no chat " + request.chatId()
                    + ": import its export (chat-archive import FILE) or check the id with chat-archive chats.");
        }
        Optional<HistorySource> whole = owners.stream().filter(s -> s.holdsWholeChat(request.chatId())).findFirst();
        if (whole.isPresent()) {
            return askOne(whole.get(), request);
        }
        Optional<HistorySource> snapshot = owners.stream().filter(s -> s.horizon(request.chatId()).isPresent()).findFirst();
        Optional<HistorySource> following = owners.stream().filter(s -> s.horizon(request.chatId()).isEmpty()).findFirst();
        if (snapshot.isPresent() && following.isPresent() && !following.get().ready()) {
            // Live mode is not connected: the export answers alone, at its own speed. What lies
            // after its horizon arrives by itself once live mode connects (pushes, live traffic).
            return askOne(snapshot.get(), request);
        }
        if (snapshot.isEmpty() || following.isEmpty()) {
            return askOne(owners.get(0), request);
        }
        Instant horizon = snapshot.get().horizon(request.chatId()).orElseThrow();
        return request.direction() == PagingDirection.OLDER
                ? older(snapshot.get(), following.get(), horizon, request)
                : newer(snapshot.get(), following.get(), horizon, request);
    }

    private static HistoryPage askOne(HistorySource source, HistoryRequest request)
            throws ProviderException, InterruptedException {
        if (request.direction() == PagingDirection.NEWER && !source.supportedDirections().contains(PagingDirection.NEWER)) {
            // The provider pages forward for export chats; a chat only live knows has nothing to page
            // forward (live pushes new messages as events), so a catch-up of it simply ends here.
            return HistoryPage.last(List.of());
        }
        if (!source.supportedDirections().contains(request.direction())) {
            throw new PermanentProviderException("WhatsApp cannot page chat " + request.chatId() + " "
                    + request.direction().name().toLowerCase() + " from its " + source.name() + ".");
        }
        return source.fetchHistory(request);
    }

    /** Older than the cursor: the following source above the horizon, then the snapshot below it. */
    private static HistoryPage older(HistorySource snapshot, HistorySource following, Instant horizon,
                                     HistoryRequest request) throws ProviderException, InterruptedException {
        if (request.cursor() != null && !request.cursor().timestamp().isAfter(horizon)) {
            return snapshot.fetchHistory(request);
        }
        HistoryPage recent = following.fetchHistory(request);
        List<HistoricalMessage> kept = afterHorizon(recent.messages(), horizon);
        // Live's end (or "the rest is on the phone only") is where the export takes over.
        boolean crossed = recent.endOfHistory() || recent.exhausted() || kept.size() < recent.messages().size();
        if (!crossed) {
            return new HistoryPage(kept, false, recent.totalEstimate());
        }
        int room = request.limit() - kept.size();
        if (room == 0) {
            return new HistoryPage(kept, false, null);
        }
        var anchor = kept.stream().min(Comparator.comparing(HistoricalMessage::timestamp))
                .map(HistoricalMessage::toCursor).orElse(request.cursor());
        HistoryPage old = snapshot.fetchHistory(HistoryRequest.older(request.chatId(), anchor, room));
        List<HistoricalMessage> all = new ArrayList<>(kept);
        all.addAll(old.messages());
        return new HistoryPage(all, old.endOfHistory(), null);
    }

    /** Newer than the cursor: the snapshot up to the horizon, then the following source after it. */
    private static HistoryPage newer(HistorySource snapshot, HistorySource following, Instant horizon,
                                     HistoryRequest request) throws ProviderException, InterruptedException {
        boolean followingPages = following.supportedDirections().contains(PagingDirection.NEWER);
        if (request.cursor() != null && request.cursor().timestamp().isAfter(horizon)) {
            if (!followingPages) {
                return HistoryPage.last(List.of());
            }
            HistoryPage recent = following.fetchHistory(request);
            return new HistoryPage(afterHorizon(recent.messages(), horizon), recent.endOfHistory(), recent.totalEstimate());
        }
        HistoryPage old = snapshot.fetchHistory(request);
        if (!old.endOfHistory()) {
            return old;
        }
        int room = request.limit() - old.messages().size();
        if (!followingPages || room == 0) {
            return new HistoryPage(old.messages(), !followingPages, null);
        }
        var anchor = old.messages().stream().max(Comparator.comparing(HistoricalMessage::timestamp))
                .map(HistoricalMessage::toCursor).orElse(request.cursor());
        HistoryPage recent = following.fetchHistory(HistoryRequest.newer(request.chatId(), anchor, room));
        List<HistoricalMessage> all = new ArrayList<>(old.messages());
        all.addAll(afterHorizon(recent.messages(), horizon));
        return new HistoryPage(all, recent.endOfHistory(), null);
    }

    private static List<HistoricalMessage> afterHorizon(List<HistoricalMessage> messages, Instant horizon) {
        return messages.stream().filter(m -> m.timestamp().isAfter(horizon)).toList();
    }

    @Override
    public Optional<String> chatIdProblem(String chatId) {
        return WhatsAppJid.problem(chatId);
    }

    @Override
    public boolean canImport(Path source) {
        return sources.stream().anyMatch(s -> s.canImport(source));
    }

    @Override
    public List<ChatDescription> importSource(Path source) throws ProviderException, InterruptedException {
        return importSource(source, ImportOptions.NONE);
    }

    @Override
    public List<ChatDescription> importSource(Path source, ImportOptions options)
            throws ProviderException, InterruptedException {
        for (HistorySource candidate : sources) {
            if (candidate.canImport(source)) {
                return candidate.importSource(source, options);
            }
        }
        throw new PermanentProviderException(source + " is neither a WhatsApp export (the .txt or .zip file made by"
                + " \"Export chat\") nor a phone backup (msgstore.db, msgstore.db.crypt12/14/15, ChatStorage.sqlite,"
                + " an iPhone backup folder).");
    }
}
