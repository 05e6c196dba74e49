package dev.chatarchive.host.export;

import dev.chatarchive.host.store.ChatRecord;
import java.io.IOException;

/**
 * One export format. The export calls {@link #startChat}, then {@link #message} for each of the
 * chat's messages oldest first, then {@link #endChat}, for each chat in turn, and {@link #finish}
 * once at the end. A format keeps nothing per message it does not need, so exports stream.
 */
interface ChatExporter extends AutoCloseable {

    void startChat(ChatRecord chat) throws IOException;

    void message(ExportedMessage message) throws IOException;

    void endChat() throws IOException;

    /** Writes what comes after the last chat (an index page, say); the export is complete after it. */
    void finish() throws IOException;

    /** Releases files; after a failure, without finishing. */
    @Override
    void close() throws IOException;
}
