package dev.chatarchive.host.app;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.browse.ArchiveReader;
import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.browse.ChatSummary;
import dev.chatarchive.host.browse.ChatSyncState;
import dev.chatarchive.host.browse.HitCount;
import dev.chatarchive.host.browse.MessageKey;
import dev.chatarchive.host.browse.SearchHit;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.media.MediaStore;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.MessageSearch;
import dev.chatarchive.host.store.SearchBacklog;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.StoredAttachment;
import dev.chatarchive.host.store.StoredMessage;
import dev.chatarchive.host.store.SyncCheckpoint;
import dev.chatarchive.host.ui.MessageLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's reads, served by the archive store: each call is one short read transaction on the
 * store's indexes (chats by activity, messages by {@code (chat_jid, timestamp, id)}, the FTS index).
 */
public final class StoreArchiveReader implements ArchiveReader {

    private final Archive archive;

    public StoreArchiveReader(Archive archive) {
        this.archive = archive;
    }

    @Override
    public List<ChatSummary> chats() {
        return archive.read(session -> {
            Map<String, SyncCheckpoint> checkpoints = new HashMap<>();
            for (SyncCheckpoint checkpoint : session.checkpoints().list()) {
                checkpoints.put(checkpoint.chatId(), checkpoint);
            }
            Map<String, StoredMessage> newest = session.messages().newestOfEveryChat();
            List<ChatSummary> chats = new ArrayList<>();
            for (ChatRecord chat : session.chats().list()) {
                StoredMessage last = newest.get(chat.chatId());
                String preview = last == null ? "" : previewOf(last.message(), chat.group());
                chats.add(new ChatSummary(chat.chatId(), chat.providerId(), chat.title(), chat.group(),
                        chat.lastActivity(), chat.messageCount(), preview, syncStateOf(checkpoints.get(chat.chatId()))));
            }
            return chats;
        });
    }

    @Override
    public List<ChatMessage> newest(String chatId, int limit) {
        return archive.read(session -> toChatMessages(session, session.messages().newestPage(chatId, limit)));
    }

    @Override
    public List<ChatMessage> before(String chatId, MessageKey key, int limit) {
        return archive.read(session -> toChatMessages(session,
                session.messages().pageBefore(chatId, Instant.ofEpochMilli(key.timestampMillis()), key.id(), limit)));
    }

    @Override
    public List<ChatMessage> from(String chatId, MessageKey key, int limit) {
        return archive.read(session -> {
            Instant at = Instant.ofEpochMilli(key.timestampMillis());
            if (key.id().isEmpty()) {
                return toChatMessages(session, session.messages().pageFrom(chatId, at, limit));
            }
            List<StoredMessage> page = new ArrayList<>();
            session.messages().find(chatId, key.id()).filter(found -> found.timestamp().equals(at)).ifPresent(page::add);
            page.addAll(session.messages().pageAfter(chatId, at, key.id(), limit - page.size()));
            return toChatMessages(session, page);
        });
    }

    @Override
    public List<SearchHit> search(String query, int limit) {
        return archive.read(session -> {
            List<SearchHit> hits = new ArrayList<>();
            for (MessageSearch.Hit hit : session.search().search(query, limit)) {
                ChatMessage message = toChatMessage(hit.message());
                String otherParty = hit.chatIsGroup() ? null : hit.chatTitle();
                hits.add(new SearchHit(message.chatId(), hit.chatTitle(), message.key(),
                        MessageLabels.senderLabel(message, otherParty), hit.snippet()));
            }
            return hits;
        });
    }

    @Override
    public HitCount countHits(String query, int cap) {
        MessageSearch.Count count = archive.read(session -> session.search().count(query, cap));
        return new HitCount(count.hits(), count.atLeast());
    }

    @Override
    public SearchIndexBacklog searchBacklog() {
        SearchBacklog backlog = archive.searchBacklog();
        return new SearchIndexBacklog(backlog.messages(), backlog.changes(), backlog.building());
    }

    @Override
    public Optional<MessageKey> nextHit(String chatId, String query, MessageKey from, boolean forward) {
        return archive.read(session -> session.search()
                .next(chatId, query, Instant.ofEpochMilli(from.timestampMillis()), from.id(), forward)
                .map(found -> toChatMessage(found).key()));
    }

    private static String previewOf(HistoricalMessage message, boolean group) {
        String who = message.type() == MessageType.SYSTEM ? ""
                : message.fromMe() ? "You: "
                : group ? (message.senderName() != null ? message.senderName() : localPart(message.sender())) + ": " : "";
        ChatMessage asShown = new ChatMessage(0, message.id(), message.chatId(), message.sender(), message.senderName(),
                message.content(), message.timestamp(), message.fromMe(), message.type(), message.edited());
        String marker = MessageLabels.marker(asShown);
        return who + (marker.isEmpty() ? "" : marker + " ") + message.content();
    }

    private static String localPart(String sender) {
        int at = sender.indexOf('@');
        return at > 0 ? sender.substring(0, at) : sender;
    }

    static ChatSyncState syncStateOf(SyncCheckpoint checkpoint) {
        if (checkpoint == null) {
            return ChatSyncState.NOT_SYNCED;
        }
        SyncState state = checkpoint.status();
        boolean cutShort = state == SyncState.INTERRUPTED && checkpoint.stopReason() != StopReason.LIMIT_REACHED;
        return new ChatSyncState(state, checkpoint.progressPercent(), checkpoint.messagesSynced(), checkpoint.errorMessage(),
                cutShort);
    }

    private List<ChatMessage> toChatMessages(ArchiveSession session, List<StoredMessage> stored) {
        Map<Long, StoredAttachment> attachments = session.attachments().forMessages(
                stored.stream().map(StoredMessage::rowId).toList());
        List<ChatMessage> messages = new ArrayList<>(stored.size());
        for (StoredMessage message : stored) {
            ChatMessage shown = toChatMessage(message);
            StoredAttachment attachment = attachments.get(message.rowId());
            if (attachment != null) {
                MediaStore media = archive.media();
                java.nio.file.Path path = attachment.isStored() && media.find(attachment.sha256()).isPresent()
                        ? media.pathOf(attachment.sha256()) : null;
                shown = new ChatMessage(shown.rowId(), shown.id(), shown.chatId(), shown.sender(), shown.senderName(),
                        shown.content(), shown.timestamp(), shown.fromMe(), shown.type(), shown.edited(),
                        new ChatMessage.AttachedFile(attachment.fileName(), attachment.mimeType(), attachment.size(), path,
                                attachment.sha256()));
            }
            messages.add(shown);
        }
        return messages;
    }

    private static ChatMessage toChatMessage(StoredMessage stored) {
        HistoricalMessage message = stored.message();
        return new ChatMessage(stored.rowId(), message.id(), message.chatId(), message.sender(), message.senderName(),
                message.content(), message.timestamp(), message.fromMe(), message.type(), message.edited());
    }
}
