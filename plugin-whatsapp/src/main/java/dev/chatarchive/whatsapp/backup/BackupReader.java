package dev.chatarchive.whatsapp.backup;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads one phone database (Android msgstore.db, iPhone ChatStorage.sqlite) that was opened from a
 * private working copy: its chats, and pages of a chat's messages newest first. Not thread-safe:
 * the caller serialises calls.
 */
public interface BackupReader extends AutoCloseable {

    /** Which kind of database this is, for the user: "Android backup (modern schema)". */
    String kind();

    /** The chats with at least one message, under their real WhatsApp JIDs. */
    List<BackupChat> chats() throws SQLException;

    /** How many chats were left out, and why, in a sentence (status updates, channels...); empty if none. */
    String skippedChats();

    /**
     * Up to {@code limit} messages of {@code chat} strictly older than {@code cursor} in the backup's
     * order (timestamp, then row), newest first; the newest of the chat when {@code cursor} is
     * {@code null}. A cursor the backup does not hold counts by its timestamp alone.
     *
     * @throws InterruptedException when interrupted while waiting for an index the page needs
     */
    List<HistoricalMessage> older(BackupChat chat, HistoryCursor cursor, int limit) throws SQLException, InterruptedException;

    @Override
    void close() throws SQLException;
}
