package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import dev.chatarchive.whatsapp.source.HistorySource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp history live from the user's phone, through the Baileys sidecar (docs/whatsapp-live.md).
 *
 * <p>Off unless {@code whatsapp.live.enabled=true}; then it locks the account's folder, starts the
 * sidecar under a {@link SidecarSupervisor}, and turns what the sidecar reports into provider events:
 * QR and pairing codes, connection states, history the phone pushes and live messages (stored by the
 * host like any page), edits, deletions and reactions (revisions of stored messages), chat names.
 *
 * <p>A page older than a cursor becomes one {@code fetchHistory} command anchored on the cursor
 * message; WhatsApp answers at most 50 messages per request, and the sidecar keeps one request in
 * flight per account with a pause between requests. Failures keep their kind: no answer, a dropped
 * connection or a restarting sidecar are retryable; a logged-out device, a chat with no message to
 * anchor on, an unpaired device are permanent, each with a sentence saying what to do.
 */
public final class LiveHistorySource implements HistorySource {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHistorySource.class);
    /** WhatsApp never answers more than this many messages per request. */
    static final int MAX_PAGE = 50;
    private static final ProviderStatus OFF = new ProviderStatus(ConnectionState.OFFLINE_READY, "");

    private ProviderContext context;
    private LiveSettings settings;
    private AccountFolder account;
    private ChatCatalog catalog;
    private SidecarSupervisor supervisor;
    private volatile ProviderStatus status = OFF;
    /** Whether this run's first connection settled (opened, or ended in a state connecting cannot mend). */
    private volatile boolean settled;

    @Override
    public String name() {
        return "live";
    }

    @Override
    public void start(ProviderContext context) throws ProviderException {
        this.context = context;
        try {
            settings = LiveSettings.from(context);
        } catch (LiveSettings.InvalidSettingException e) {
            setStatus(ConnectionState.ERROR, e.getMessage());
            context.publish(new ProviderEvent.Notice(e.getMessage(), true));
            return;
        }
        if (!settings.enabled()) {
            return;
        }
        try {
            var locked = AccountFolder.lock(context.dataDirectory().resolve("live").resolve("accounts").resolve(settings.account()));
            if (locked.isEmpty()) {
                String sentence = "Another chat-archive is already using WhatsApp account '" + settings.account()
                        + "'; close it first (only one program may use a paired device at a time).";
                setStatus(ConnectionState.ERROR, sentence);
                context.publish(new ProviderEvent.Notice(sentence, true));
                return;
            }
            account = locked.get();
            catalog = ChatCatalog.load(account.chatsFile());
            var folder = SidecarFiles.extract(context.dataDirectory().resolve("live").resolve("sidecar"));
            supervisor = new SidecarSupervisor(settings, folder, account.authFolder(), new SupervisorEvents());
            setStatus(ConnectionState.CONNECTING, "Starting WhatsApp live support…");
            supervisor.start();
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.error("Live mode cannot start", e);
            setStatus(ConnectionState.ERROR, "WhatsApp live support cannot use its folder in "
                    + context.dataDirectory() + ": " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
        if (account != null) {
            account.close();
        }
        if (settings != null && settings.enabled()) {
            status = new ProviderStatus(ConnectionState.DISCONNECTED, "WhatsApp live support has stopped.");
        }
    }

    @Override
    public ProviderStatus status() {
        return status;
    }

    @Override
    public List<ChatDescription> listChats() {
        return catalog == null ? List.of() : catalog.chats();
    }

    /**
     * The chats the phone told us about. While not connected, the chat list may be incomplete (the
     * phone sends it on connecting), so any well-formed chat id of a real WhatsApp chat counts as
     * ours, and its requests fail with what keeps live mode from answering (still connecting, no
     * route, an outdated client...) instead of "no such chat". An id made up for an export chat
     * ({@code export-…}) is never ours: no phone knows it, and live mode must never stand in the way
     * of an export.
     */
    @Override
    public boolean owns(String chatId) {
        if (supervisor == null || WhatsAppJid.isExportDerived(chatId)) {
            return false;
        }
        return catalog.contains(chatId) || ((!settled || !ready()) && WhatsAppJid.problem(chatId).isEmpty());
    }

    /** Only while connected can the phone be asked; otherwise a chat an export also holds pages from the export. */
    @Override
    public boolean ready() {
        return supervisor != null && status.state() == ConnectionState.CONNECTED;
    }

    /**
     * Older pages come from the phone. Newer ones cannot be asked for (WhatsApp only sends history
     * older than a message), but a newer page is always answered, empty and final: messages newer than
     * the archive's arrive by themselves, as live traffic and the replay after a reconnect.
     */
    @Override
    public Set<PagingDirection> supportedDirections() {
        return EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER);
    }

    @Override
    public SyncPolicy syncPolicy() {
        return supervisor == null ? SyncPolicy.LOCAL_SOURCE : new SyncPolicy(1, settings.pause(), MAX_PAGE);
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
        if (supervisor == null) {
            throw new PermanentProviderException("WhatsApp live mode is off; set whatsapp.live.enabled=true to fetch"
                    + " history from your phone.");
        }
        if (request.direction() == PagingDirection.NEWER) {
            return HistoryPage.last(List.of());
        }
        ProviderStatus now = status;
        if (now.state() == ConnectionState.ERROR || now.state() == ConnectionState.LOGGED_OUT) {
            // An outdated client, a damaged link, another program on it, a logout: asking cannot help.
            throw new PermanentProviderException(now.detail());
        }
        HistoryCursor cursor = request.cursor();
        if (cursor == null) {
            var newest = catalog.newestMessage(request.chatId());
            if (newest.isEmpty() && !settled) {
                throw new RetryableProviderException("WhatsApp is still connecting; the chat list is not known yet."
                        + " Try again in a moment.");
            }
            return newest.map(message -> HistoryPage.of(List.of(message)))
                    .orElseThrow(() -> new PermanentProviderException("Chat " + request.chatId() + " has no stored"
                            + " message to page back from, and WhatsApp only sends history older than a message you"
                            + " already have. Send or receive one message in it (or import its export), then sync again."));
        }
        String requestId = UUID.randomUUID().toString();
        ObjectNode args = SidecarProcess.JSON.createObjectNode()
                .put("requestId", requestId)
                .put("chat", request.chatId())
                .put("count", Math.min(request.limit(), MAX_PAGE));
        ObjectNode anchor = args.putObject("anchor")
                .put("id", cursor.messageId())
                .put("fromMe", cursor.fromMe())
                .put("timestamp", cursor.timestamp().getEpochSecond());
        keyedUnder(cursor).ifPresent(jid -> anchor.put("remoteJid", jid));
        if (WhatsAppJid.isGroup(request.chatId()) && !cursor.fromMe() && !"me".equals(cursor.sender())) {
            anchor.put("participant", cursor.sender());
        }
        SidecarProcess sidecar = supervisor.current();
        CompletableFuture<JsonNode> reply = sidecar.send("fetchHistory", args);
        try {
            return page(request, reply.get(longestWait().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            cancel(sidecar, requestId);
            throw e;
        } catch (TimeoutException e) {
            cancel(sidecar, requestId);
            throw new RetryableProviderException("The phone did not answer in time; it may be offline or asleep."
                    + " Open WhatsApp on it and try again.", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * The chat address WhatsApp keyed the anchor message under (its raw record's key.remoteJid: the
     * chat's LID for a chat WhatsApp migrated), which is the address a history request must name.
     */
    static Optional<String> keyedUnder(HistoryCursor cursor) {
        if (cursor.rawJson() == null || cursor.rawJson().isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode remoteJid = SidecarProcess.JSON.readTree(cursor.rawJson()).path("key").path("remoteJid");
            return remoteJid.isTextual() && remoteJid.asText().contains("@") ? Optional.of(remoteJid.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The most a request can take in the sidecar: up to three sends (the chat's other address after
     * a timeout, a confirmation of an empty answer, a fresh socket), each with its pause and wait.
     */
    private Duration longestWait() {
        return settings.requestTimeout().plus(settings.pause()).multipliedBy(3).plusSeconds(40);
    }

    private static void cancel(SidecarProcess sidecar, String requestId) {
        sidecar.send("cancel", SidecarProcess.JSON.createObjectNode().put("requestId", requestId));
    }

    private HistoryPage page(HistoryRequest request, JsonNode data) {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (JsonNode node : data.path("messages")) {
            try {
                messages.add(WireFormat.message(node));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipped a message the sidecar sent for {}: {}", request.chatId(), e.getMessage());
            }
        }
        String reason = data.path("endReason").asText("");
        if (reason.equals("onPhoneOnly")) {
            LOG.info("WhatsApp keeps the older history of {} on the phone only", request.chatId());
            return HistoryPage.exhausted(messages, ON_PHONE_ONLY);
        }
        boolean end = data.path("endOfHistory").asBoolean(false);
        if (end) {
            LOG.info("History of {} ends ({})", request.chatId(), reason);
        } else if (data.path("emptyAnswer").asBoolean(false)) {
            LOG.info("The phone answered twice with nothing older than {} in {}, without saying history ends",
                    request.cursor().messageId(), request.chatId());
        }
        return new HistoryPage(messages, end, null);
    }

    /** What the user reads when WhatsApp says the rest of a chat is on the phone only (end marker 2). */
    static final String ON_PHONE_ONLY = "WhatsApp keeps the older messages of this chat on your phone only, and"
            + " sends no more of them to linked devices. To archive them, export the chat on the phone"
            + " (More > Export chat) and import the file with chat-archive import.";

    private ProviderException failure(Throwable cause) {
        if (cause instanceof SidecarGoneException gone) {
            return new RetryableProviderException(gone.getMessage() + " It is being restarted; try again in a moment.", gone);
        }
        if (!(cause instanceof SidecarCommandException refused)) {
            return new RetryableProviderException("The WhatsApp sidecar failed: " + cause.getMessage(), cause);
        }
        return switch (refused.code()) {
            case "LOGGED_OUT" -> new PermanentProviderException("WhatsApp logged this device out. Pair again: restart"
                    + " chat-archive with live mode on and scan the new QR code.", refused);
            case "NOT_PAIRED" -> new PermanentProviderException("WhatsApp is not paired yet: scan the QR code (or enter"
                    + " the pairing code) that chat-archive shows, then sync again.", refused);
            case "NO_ANCHOR", "BAD_REQUEST" -> new PermanentProviderException(refused.getMessage(), refused);
            case "AUTH_DAMAGED" -> new PermanentProviderException(status.detail().isBlank() ? refused.getMessage()
                    : status.detail(), refused);
            case "OUTDATED" -> new PermanentProviderException(outdatedSentence(null), refused);
            case "UNREACHABLE" -> new RetryableProviderException("WhatsApp cannot be reached from this computer;"
                    + " check its internet connection, then try again.", refused);
            case "NOT_CONNECTED" -> new RetryableProviderException("WhatsApp is not connected right now; check the"
                    + " network and that the phone is online, then try again.", refused);
            default -> refused.retryable()
                    ? new RetryableProviderException(refused.getMessage(), refused)
                    : new PermanentProviderException(refused.getMessage(), refused);
        };
    }

    @Override
    public void logout() throws ProviderException, InterruptedException {
        if (supervisor == null) {
            return;
        }
        try {
            supervisor.current().send("logout", null).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw new RetryableProviderException("WhatsApp did not confirm the logout in time; try again.", e);
        }
    }

    private void setStatus(ConnectionState state, String detail) {
        ProviderStatus next = new ProviderStatus(state, detail);
        if (!next.equals(status)) {
            status = next;
            if (context != null) {
                context.publish(new ProviderEvent.StatusChanged(next));
            }
        }
    }

    /** Turns the sidecar's events into provider events and statuses. */
    private final class SupervisorEvents implements SidecarSupervisor.Listener {

        @Override
        public void onStarting(String sentence) {
            setStatus(ConnectionState.CONNECTING, sentence);
        }

        @Override
        public void onDown(String sentence, boolean restarting) {
            settled |= !restarting;
            setStatus(restarting ? ConnectionState.CONNECTING : ConnectionState.ERROR, sentence);
            if (!restarting) {
                context.publish(new ProviderEvent.Notice(sentence, true));
            }
        }

        @Override
        public void onEvent(JsonNode event) {
            switch (event.path("event").asText()) {
                case "qr" -> {
                    long expiresInMs = event.path("expiresInMs").asLong(0);
                    context.publish(new ProviderEvent.PairingQrCode(event.path("qr").asText(),
                            expiresInMs > 0 ? context.clock().instant().plusMillis(expiresInMs) : null));
                    setStatus(ConnectionState.NEEDS_PAIRING, "Scan the QR code with WhatsApp on your phone:"
                            + " Settings > Linked devices > Link a device.");
                }
                case "pairingCode" -> {
                    String code = event.path("code").asText();
                    String shown = code.length() == 8 ? code.substring(0, 4) + "-" + code.substring(4) : code;
                    context.publish(new ProviderEvent.PairingCode(shown));
                    setStatus(ConnectionState.NEEDS_PAIRING, "On your phone open WhatsApp > Linked devices > Link with"
                            + " phone number, and enter " + shown + ".");
                }
                case "connection" -> onConnection(event);
                case "history", "messages" -> onMessages(event.path("messages"));
                case "chats" -> {
                    List<ChatDescription> changed = catalog.learnChats(event.path("chats"), context.clock().instant());
                    if (!changed.isEmpty()) {
                        context.publish(new ProviderEvent.ChatsUpdated(changed));
                    }
                }
                case "revisions" -> onRevisions(event.path("revisions"));
                case "error" -> {
                    LOG.warn("The WhatsApp sidecar reports: {}", event.path("message").asText());
                    if (event.path("fatal").asBoolean(false)) {
                        context.publish(new ProviderEvent.Notice(event.path("message").asText(), true));
                    }
                }
                default -> LOG.debug("Sidecar event: {}", event);
            }
        }

        private void onConnection(JsonNode event) {
            String state = event.path("state").asText();
            // Past these the chat list will not grow by connecting: the run's chats are what is known.
            settled |= Set.of("open", "pairing", "pairingTimedOut", "loggedOut", "replaced", "outdated", "authDamaged")
                    .contains(state);
            switch (state) {
                case "open" -> {
                    settled = true;
                    setStatus(ConnectionState.CONNECTED, "Connected as " + phoneOf(event.path("me").asText("")) + ".");
                }
                case "connecting" -> setStatus(ConnectionState.CONNECTING, "Connecting to WhatsApp…");
                case "reconnecting" -> setStatus(ConnectionState.CONNECTING, "Reconnecting to WhatsApp ("
                        + event.path("reason").asText("connection lost") + ")…");
                case "pairing" -> { } // the QR or pairing code event says what to do
                case "pairingTimedOut" -> setStatus(ConnectionState.NEEDS_PAIRING, "The pairing codes expired before"
                        + " the phone used one; restart chat-archive to get new ones.");
                case "unreachable" -> {
                    String cause = event.path("cause").asText("no route");
                    LOG.warn("WhatsApp cannot be reached: {}; trying again in {} ms", cause, event.path("retryInMs").asLong());
                    setStatus(ConnectionState.DISCONNECTED, "Cannot reach WhatsApp (" + abbreviate(cause) + ");"
                            + " check this computer's internet connection. Trying again in "
                            + seconds(event.path("retryInMs").asLong()) + ".");
                }
                case "outdated" -> {
                    String sentence = outdatedSentence(event.path("version").asText(null));
                    LOG.error("{}", sentence);
                    setStatus(ConnectionState.ERROR, sentence);
                    context.publish(new ProviderEvent.Notice(sentence, true));
                }
                case "authDamaged" -> {
                    String sentence = event.path("detail").asText("The saved WhatsApp link is damaged; move its folder"
                            + " away and restart to pair again.");
                    LOG.error("{}", sentence);
                    setStatus(ConnectionState.ERROR, sentence);
                    context.publish(new ProviderEvent.Notice(sentence, true));
                }
                case "loggedOut" -> setStatus(ConnectionState.LOGGED_OUT, "WhatsApp logged this device out; restart"
                        + " chat-archive with live mode on to pair again.");
                case "replaced" -> setStatus(ConnectionState.ERROR, "Another program took over this WhatsApp link;"
                        + " close it, then restart chat-archive.");
                case "closed" -> setStatus(ConnectionState.DISCONNECTED, "Not connected to WhatsApp.");
                default -> LOG.debug("Sidecar connection state {}", state);
            }
        }

        private void onMessages(JsonNode nodes) {
            List<HistoricalMessage> messages = new ArrayList<>();
            List<JsonNode> kept = new ArrayList<>();
            int skipped = 0;
            for (JsonNode node : nodes) {
                try {
                    if (WhatsAppJid.problem(node.path("chat").asText()).isPresent()) {
                        skipped++; // broadcast lists, channels, chats known only by LID
                        continue;
                    }
                    HistoricalMessage message = WireFormat.message(node);
                    messages.add(message);
                    // The host refuses a message dated before WhatsApp or in the future; such a
                    // message must not move its chat's last activity either.
                    if (ChatCatalog.plausible(message.timestamp().getEpochSecond(), context.clock().instant())) {
                        kept.add(node);
                    }
                } catch (IllegalArgumentException e) {
                    skipped++;
                }
            }
            if (skipped > 0) {
                LOG.info("Skipped {} message(s) of chats the archive cannot hold", skipped);
            }
            if (messages.isEmpty()) {
                return;
            }
            List<ChatDescription> changed = catalog.learnMessages(kept);
            if (!changed.isEmpty()) {
                context.publish(new ProviderEvent.ChatsUpdated(changed));
            }
            context.publish(new ProviderEvent.MessagesReceived(messages));
        }

        private void onRevisions(JsonNode nodes) {
            for (JsonNode node : nodes) {
                try {
                    if (WhatsAppJid.problem(node.path("chat").asText()).isEmpty()) {
                        context.publish(WireFormat.revision(node));
                    }
                } catch (IllegalArgumentException e) {
                    LOG.debug("Skipped a revision: {}", e.getMessage());
                }
            }
        }
    }

    private String outdatedSentence(String version) {
        return "WhatsApp refused this client as outdated (error 405" + (version == null || version.isBlank() ? ""
                : ", WhatsApp Web version " + version) + "). Update chat-archive, or set whatsapp.live.wa-version to"
                + " the current WhatsApp Web version (web.whatsapp.com shows it under Settings > Help), then restart.";
    }

    private static String seconds(long millis) {
        return millis < 1000 ? "a moment" : (millis + 999) / 1000 + " s";
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private static String phoneOf(String jid) {
        String user = jid.contains("@") ? jid.substring(0, jid.indexOf('@')) : jid;
        user = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return user.isEmpty() ? "this device" : "+" + user;
    }
}
