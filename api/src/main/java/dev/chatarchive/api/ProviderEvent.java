package dev.chatarchive.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something a provider tells the host without being asked, through
 * {@link ProviderContext#publish(ProviderEvent)}.
 *
 * <p>Events about the user (pairing, connection) are shown by the host; events carrying history are
 * stored by the host through its own write path, deduplicated like any page (a provider never writes
 * the archive itself).
 */
public sealed interface ProviderEvent {

    /**
     * A QR code the user must scan with their phone to pair. Each new code replaces the last;
     * codes rotate, so show the newest.
     *
     * @param data      the text to encode in the QR code, exactly as given
     * @param expiresAt when the code stops being valid, or {@code null} if unknown
     */
    record PairingQrCode(String data, Instant expiresAt) implements ProviderEvent {
        public PairingQrCode {
            HistoricalMessage.requireText(data, "data");
        }
    }

    /**
     * A code the user types on their phone to pair (the alternative to scanning a QR code).
     *
     * @param code the code, for example {@code "ABCD-EFGH"}
     */
    record PairingCode(String code) implements ProviderEvent {
        public PairingCode {
            HistoricalMessage.requireText(code, "code");
        }
    }

    /** The provider's connection state changed. */
    record StatusChanged(ProviderStatus status) implements ProviderEvent {
        public StatusChanged {
            Objects.requireNonNull(status, "status must not be null");
        }
    }

    /**
     * A sentence the user should see once (a warning, a hint), not tied to a request.
     *
     * @param message the sentence; not blank
     * @param warning whether it reports a problem rather than news
     */
    record Notice(String message, boolean warning) implements ProviderEvent {
        public Notice {
            HistoricalMessage.requireText(message, "message");
        }
    }

    /**
     * Chats appeared or changed (new chat, new title). The host adds or updates them in its chat list.
     *
     * @param chats the chats, complete as far as the provider knows them
     */
    record ChatsUpdated(List<ChatDescription> chats) implements ProviderEvent {
        public ChatsUpdated {
            chats = List.copyOf(Objects.requireNonNull(chats, "chats must not be null"));
        }
    }

    /**
     * Messages that arrived unasked: history the phone pushed at pairing, or new live traffic. The host
     * stores them as it stores a page (insert-or-ignore on {@code (chatId, id)}), without changing any
     * sync checkpoint.
     *
     * @param messages the messages, of any chats
     */
    record MessagesReceived(List<HistoricalMessage> messages) implements ProviderEvent {
        public MessagesReceived {
            messages = List.copyOf(Objects.requireNonNull(messages, "messages must not be null"));
        }
    }

    /**
     * A stored message changed: edited, deleted for everyone, or reacted to. The host updates the
     * message in place (it never adds a row for a revision) and ignores a revision of a message it
     * does not hold.
     *
     * @param chatId    the chat of the message
     * @param messageId the id of the message that changed
     * @param kind      what happened
     * @param value     the new text for {@link RevisionKind#EDITED}; the reaction (an emoji, empty to
     *                  remove it) for {@link RevisionKind#REACTION}; ignored for
     *                  {@link RevisionKind#DELETED}
     * @param actor     who made the change (the sender of the reaction, the editor)
     * @param at        when the change was made
     */
    record MessageRevised(String chatId, String messageId, RevisionKind kind, String value, String actor,
                          Instant at) implements ProviderEvent {
        public MessageRevised {
            HistoricalMessage.requireText(chatId, "chatId");
            HistoricalMessage.requireText(messageId, "messageId");
            Objects.requireNonNull(kind, "kind must not be null");
            Objects.requireNonNull(at, "at must not be null");
            value = value == null ? "" : value;
            actor = actor == null ? "" : actor;
        }
    }

    /**
     * The bytes of a stored message's attachment became available after the message itself was
     * delivered: a live provider downloaded the media, a backup's media folder was found. Since api
     * 1.1.
     *
     * <p>The host reads the content (see {@link AttachmentContent}), stores it, and links it to the
     * message, replacing the description the message came with (name, type, size). It ignores the
     * event when it does not hold the message, and reads nothing when the message already has its
     * file. A message gets at most one file: a later event for the same message with other bytes
     * does not replace a stored file.
     *
     * @param chatId     the chat of the message
     * @param messageId  the id of the message, as it was delivered
     * @param attachment the file; its {@link Attachment#content()} must not be {@code null}
     */
    record AttachmentAvailable(String chatId, String messageId, Attachment attachment) implements ProviderEvent {
        public AttachmentAvailable {
            HistoricalMessage.requireText(chatId, "chatId");
            HistoricalMessage.requireText(messageId, "messageId");
            Objects.requireNonNull(attachment, "attachment must not be null");
            if (!attachment.hasContent()) {
                throw new IllegalArgumentException("attachment must have content: this event hands over bytes");
            }
        }
    }

    /**
     * How far a long piece of the provider's own work has got, so that the host can show a progress
     * bar: opening a file it was asked to import (decrypting a backup, parsing an export before its
     * first page), or anything else that can take more than a couple of seconds. Since api 1.1.
     *
     * <p>Publish one when the work starts ({@code done} 0), then as it goes, and one when it ends,
     * however it ends (failed or not), with {@code done == total} (when the total was never known,
     * {@code -1}, end it with both set to the same number, {@code 1, 1} say). Until then the host keeps
     * showing it.
     * There is no need to publish more often than the percentage changes: the host redraws at most a
     * few times a second and says nothing of reports it skips. The host shows the texts as plain text
     * on one line, with anything that is not printable (escape sequences, line breaks) made harmless,
     * so a file name taken from the user's file is safe to put in them.
     *
     * @param operation what is being done, a short phrase the user understands
     *                  ({@code "Decrypting msgstore.db.crypt15"}); not blank. Reports of one piece of
     *                  work keep the same operation
     * @param detail    the current step or item ({@code "12 of 98 MB"}), or empty; {@code null} becomes empty
     * @param done      units done so far (bytes, messages, steps), at least 0
     * @param total     units in all, or {@code -1} when not known; {@code done} must not exceed it
     */
    record Progress(String operation, String detail, long done, long total) implements ProviderEvent {
        public Progress {
            HistoricalMessage.requireText(operation, "operation");
            detail = detail == null ? "" : detail;
            if (done < 0) {
                throw new IllegalArgumentException("done must not be negative, was " + done);
            }
            if (total < -1) {
                throw new IllegalArgumentException("total must be -1 (unknown) or at least 0, was " + total);
            }
            if (total >= 0 && done > total) {
                throw new IllegalArgumentException("done (" + done + ") must not exceed total (" + total + ")");
            }
        }

        /** Whether this report ends the work: the total is known and all of it is done. */
        public boolean finished() {
            return total >= 0 && done == total;
        }
    }

    /** What kind of change a {@link MessageRevised} event reports. */
    enum RevisionKind {
        /** The sender edited the text. */
        EDITED,
        /** The sender deleted the message for everyone. */
        DELETED,
        /** Someone reacted to the message (or removed their reaction). */
        REACTION
    }
}
