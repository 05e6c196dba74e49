package dev.chatarchive.host;

import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.host.sync.SourceImport;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings history from files (exports) into the archive: each source goes to a provider that
 * {@link dev.chatarchive.api.HistoryProvider#canImport can import} it, and the chats it yields are
 * stored. The first run uses it to import the bundled samples into a fresh default archive, so
 * {@code ./chat-archive} opens on something to look at.
 *
 * <p>The implementation is the engine's {@link SourceImport}, {@link #quiet() quiet}; {@code app.Main}
 * names it (one line: {@code Main.SOURCE_IMPORTER}), tests put a recorder in its place.
 */
@FunctionalInterface
public interface SourceImporter {

    /** The engine's import, printing nothing: problems go to the log. */
    static SourceImporter quiet() {
        return (host, sources) -> new SourceImport(host.sync()).run(sources, ImportOptions.NONE, SourceImport.Listener.NONE);
    }

    /**
     * Imports every source into {@code host}'s archive. A source that cannot be imported is reported
     * (logged) and the others still are.
     */
    void importAll(Host host, List<Path> sources) throws Exception;
}
