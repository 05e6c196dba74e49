package dev.chatarchive.host.sync;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderEvent.AttachmentAvailable;
import dev.chatarchive.api.ProviderEvent.ChatsUpdated;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.MessagesReceived;
import dev.chatarchive.host.media.MediaStore.StoredFile;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveException;
import dev.chatarchive.host.store.InsertResult;
import dev.chatarchive.host.store.StoredAttachment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what providers publish without being asked: history the phone pushes at pairing and live
 * traffic ({@link MessagesReceived}), edits, deletions and reactions ({@link MessageRevised}), and
 * new or renamed chats ({@link ChatsUpdated}), and attached files that arrive after their message
 * ({@link AttachmentAvailable}). Attached files are read into the media store before the transaction
 * that links them ({@link AttachmentIntake}).
 *
 * <p>It is the same write path as a sync page, minus the checkpoint (the api promises that pushed
 * messages never move a sync's cursor): each message is checked against the archive's rules and its
 * provider's chat-id rule (a bad one is logged and skipped), the rest are inserted-or-ignored on
 * {@code (chat, id)} in one transaction per chat, and only after the commit do listeners hear
 * {@link SyncEvent.BatchStored}, so caches drop the chat and the UI reads it again.
 *
 * <p>Events are written in the order they were published, on one thread of its own, so the event
 * bus never waits on the database.
 */
final class PushedHistory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushedHistory.class);

    private final Archive archive;
    private final ProviderDirectory providers;
    private final SyncListeners listeners;
    private final AttachmentIntake attachments;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(ProviderCaller.daemonThreads("pushed-history"));

    PushedHistory(Archive archive, ProviderDirectory providers, SyncListeners listeners) {
        this.archive = archive;
        this.providers = providers;
        this.listeners = listeners;
        this.attachments = new AttachmentIntake(archive);
    }

    /** Queues {@code event} of provider {@code providerId} for storing; returns at once. */
    void accept(String providerId, ProviderEvent event) {
        if (event instanceof MessagesReceived || event instanceof MessageRevised || event instanceof ChatsUpdated
                || event instanceof AttachmentAvailable) {
            writer.execute(() -> store(providerId, event));
        }
    }

    private void store(String providerId, ProviderEvent event) {
        try {
            if (event instanceof MessagesReceived received) {
                storeMessages(providerId, received.messages());
            } else if (event instanceof MessageRevised revision) {
                boolean changed = archive.write(session -> session.messages().applyRevision(revision));
                if (changed) {
                    listeners.publish(new SyncEvent.BatchStored(revision.chatId(), 0));
                }
            } else if (event instanceof ChatsUpdated update) {
                storeChats(providerId, update.chats());
            } else if (event instanceof AttachmentAvailable available) {
                storeAttachment(providerId, available);
            }
        } catch (ArchiveException e) {
            LOG.warn("Could not store what provider '{}' sent ({}): {}", providerId, event.getClass().getSimpleName(),
                    e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.error("Storing what provider '{}' sent failed ({})", providerId, event.getClass().getSimpleName(), e);
        }
    }

    private void storeMessages(String providerId, List<HistoricalMessage> messages) {
        Optional<HistoryProvider> provider = providers.provider(providerId);
        Map<String, List<HistoricalMessage>> byChat = new LinkedHashMap<>();
        for (HistoricalMessage message : messages) {
            Optional<String> problem = archive.rules().problem(message)
                    .or(() -> provider.flatMap(p -> p.chatIdProblem(message.chatId())));
            if (problem.isPresent()) {
                LOG.warn("Skipped a message provider '{}' pushed: {}", providerId, problem.get());
                continue;
            }
            byChat.computeIfAbsent(message.chatId(), chat -> new ArrayList<>()).add(message);
        }
        byChat.forEach((chatId, chatMessages) -> {
            try {
                Map<String, StoredFile> files = fetchFiles(chatId, chatMessages);
                InsertResult result = archive.write(session -> {
                    InsertResult inserted = session.messages().insertIfAbsent(providerId, chatMessages);
                    AttachmentIntake.link(session, chatId, files);
                    return inserted;
                });
                LOG.debug("Stored {} new of {} pushed messages of {}", result.inserted(), chatMessages.size(), chatId);
                if (result.inserted() > 0) {
                    listeners.publish(new SyncEvent.BatchStored(chatId, result.inserted()));
                }
            } catch (ArchiveException e) {
                LOG.warn("Could not store {} messages provider '{}' pushed for {}: {}", chatMessages.size(), providerId,
                        chatId, e.getMessage());
            }
        });
    }

    /** The files of these messages the archive lacks, stored; none when the writer is being shut down. */
    private Map<String, StoredFile> fetchFiles(String chatId, List<HistoricalMessage> messages) {
        try {
            return attachments.fetch(chatId, messages);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Stopped storing the files of pushed messages of {}: shutting down", chatId);
            return Map.of();
        }
    }

    /** Bytes for a message already held: stored and linked, unless it has its file already. */
    private void storeAttachment(String providerId, AttachmentAvailable event) {
        String chatId = event.chatId();
        String messageId = event.messageId();
        boolean held = archive.read(session -> session.chats().find(chatId)
                .map(chat -> chat.providerId().equals(providerId)).orElse(false)
                && session.messages().exists(chatId, messageId));
        if (!held) {
            LOG.debug("Ignored a file provider '{}' sent for message {} of {}: the archive does not hold that message "
                    + "of that provider", providerId, messageId, chatId);
            return;
        }
        Optional<String> linked = archive.read(session -> session.attachments().find(chatId, messageId))
                .map(StoredAttachment::sha256);
        if (linked.isPresent() && archive.media().find(linked.get()).isPresent()) {
            return;
        }
        Optional<StoredFile> file;
        try {
            file = attachments.store(chatId, messageId, event.attachment());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (file.isEmpty()) {
            return;
        }
        boolean changed = archive.write(session -> {
            session.attachments().describeOrReplace(chatId, messageId, event.attachment());
            return session.attachments().link(chatId, messageId, file.get().sha256(), file.get().size());
        });
        if (changed) {
            listeners.publish(new SyncEvent.BatchStored(chatId, 0));
        }
    }

    private void storeChats(String providerId, List<ChatDescription> chats) {
        List<String> stored = archive.write(session -> {
            List<String> ids = new ArrayList<>();
            for (ChatDescription chat : chats) {
                Optional<String> problem = providers.provider(providerId).flatMap(p -> p.chatIdProblem(chat.chatId()));
                if (problem.isPresent()) {
                    LOG.warn("Skipped a chat provider '{}' announced: {}", providerId, problem.get());
                    continue;
                }
                if (session.chats().find(chat.chatId()).map(known -> !known.providerId().equals(providerId)).orElse(false)) {
                    LOG.warn("Skipped chat {} announced by '{}': it belongs to another provider", chat.chatId(), providerId);
                    continue;
                }
                session.chats().upsert(providerId, chat);
                ids.add(chat.chatId());
            }
            return ids;
        });
        stored.forEach(chatId -> listeners.publish(new SyncEvent.BatchStored(chatId, 0)));
    }

    /** Stores what is queued (a few seconds at most), then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Some pushed history was still waiting to be stored at shutdown and was not stored");
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
