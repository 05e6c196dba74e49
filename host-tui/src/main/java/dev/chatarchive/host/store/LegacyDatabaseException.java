package dev.chatarchive.host.store;

import java.nio.file.Path;

/**
 * A read-only open met a baileys-bridge database, which must be adopted (converted in place, which
 * needs the writer's lock) before it can be read as an archive. The file was not changed.
 */
public final class LegacyDatabaseException extends ArchiveException {

    private final Path file;

    LegacyDatabaseException(Path file) {
        super(file + " is a baileys-bridge database, not yet a chat-archive archive. chat-archive adopts it (converts "
                + "it in place, keeping every message) the first time it opens it for writing, for example with: "
                + "chat-archive --archive '" + file + "' sync --all. The file was not changed.");
        this.file = file;
    }

    /** The database that needs adopting. */
    public Path file() {
        return file;
    }
}
