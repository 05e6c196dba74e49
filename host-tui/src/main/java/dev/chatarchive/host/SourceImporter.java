package dev.chatarchive.host;

import java.nio.file.Path;
import java.util.List;

/**
 * Brings history from files (exports) into the archive: each source goes to a provider that
 * {@link dev.chatarchive.api.HistoryProvider#canImport can import} it, and the chats it yields are
 * stored. The first run uses it to import the bundled samples into a fresh default archive, so
 * {@code ./chat-archive} opens on something to look at.
 *
 * <p>The implementation belongs with the {@code import} command; {@code app.Main} names it (one line:
 * {@code Main.SOURCE_IMPORTER}).
 */
@FunctionalInterface
public interface SourceImporter {

    /** Until the import path exists: imports nothing. */
    SourceImporter NONE = (host, sources) -> {
    };

    /**
     * Imports every source into {@code host}'s archive. A source that cannot be imported is reported
     * (logged) and the others still are.
     */
    void importAll(Host host, List<Path> sources) throws Exception;
}
