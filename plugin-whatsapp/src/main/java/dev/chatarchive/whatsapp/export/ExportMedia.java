package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.AttachmentContent;
import dev.chatarchive.api.PermanentProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attached files of exported messages, handed to the host as {@link Attachment}s whose bytes
 * are streamed from the export zips ({@link ExportFile#openMedia}); nothing is extracted here.
 *
 * <p>A message names its file as the transcript writes it; any of its chat's exports that holds a
 * file of that name supplies the bytes (the newest export first), so a chat exported once with media
 * and later without keeps its photos. The few zips in use are kept open (their table of contents
 * read once, not once per photo) and closed when the source stops.
 */
final class ExportMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportMedia.class);
    /** Zips kept open at once; a sync reads one chat's exports at a time. */
    private static final int OPEN_ZIPS = 8;

    private final Map<Path, ExportFile> open = new LinkedHashMap<>(16, 0.75f, true);
    /** Zips that could not be opened, so each is reported once, not once per message. */
    private final Set<Path> unreadable = new HashSet<>();

    /**
     * The attachment for a file named {@code writtenName} in a message of the chat whose exports are
     * {@code exports} (newest first): with content when one of them holds the file, by name only
     * otherwise; empty when the name cannot be a file name.
     */
    Optional<Attachment> attachment(String writtenName, List<Path> exports) {
        Optional<String> name = fileName(writtenName);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        for (Path export : exports) {
            Optional<ExportFile> file = zip(export);
            if (file.isPresent() && file.get().mediaNames().contains(name.get())) {
                Long size = file.get().mediaSize(name.get()).orElse(null);
                return Optional.of(new Attachment(name.get(), null, size, null, content(export, name.get())));
            }
        }
        return Optional.of(Attachment.named(name.get()));
    }

    /** The bytes of {@code name} in {@code export}, read when the host asks. */
    private AttachmentContent content(Path export, String name) {
        return () -> {
            ExportFile file = zip(export).orElseThrow(() -> new IOException("'" + export.getFileName()
                    + "' can no longer be read"));
            return file.openMedia(name).orElseThrow(() -> new IOException("'" + export.getFileName()
                    + "' no longer holds " + name));
        };
    }

    /** The name as the api takes it: the last part of a path, without control characters; empty if nothing is left. */
    static Optional<String> fileName(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String name = written.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private synchronized Optional<ExportFile> zip(Path export) {
        if (!export.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return Optional.empty();
        }
        ExportFile file = open.get(export);
        if (file != null) {
            return Optional.of(file);
        }
        if (unreadable.contains(export)) {
            return Optional.empty();
        }
        try {
            file = ExportFile.open(export);
        } catch (PermanentProviderException e) {
            unreadable.add(export);
            LOG.warn("The media of '{}' cannot be read: {}", export.getFileName(), e.getMessage());
            return Optional.empty();
        }
        open.put(export, file);
        if (open.size() > OPEN_ZIPS) {
            Iterator<ExportFile> eldest = open.values().iterator();
            eldest.next().close();
            eldest.remove();
        }
        return Optional.of(file);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(ExportFile::close);
        open.clear();
        unreadable.clear();
    }
}
