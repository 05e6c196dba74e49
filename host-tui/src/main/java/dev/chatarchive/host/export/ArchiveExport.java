package dev.chatarchive.host.export;

import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes chats of the archive out in one of the export formats ({@code chat-archive export}).
 *
 * <p>Read-only: it reads the archive through the given (read-only) {@link Archive}, a page per short
 * transaction ({@link ChatReader}), so it needs no lock and works while the app has the archive
 * open; memory stays bounded whatever the size of a chat. Files it writes appear whole or not at all
 * (written under a temporary name, then renamed).
 */
public final class ArchiveExport {

    /** The formats. */
    public enum Format {
        /** One JSON object per message ({@link JsonLinesExporter}). */
        JSONL,
        /** A folder of web pages ({@link HtmlExporter}). */
        HTML,
        /** WhatsApp's own export layout ({@link WhatsAppTextExporter}). */
        TXT;

        public static Optional<Format> named(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    /** What the export did, for the closing line. */
    public record Result(int chats, long messages, Path output) {
    }

    /** Told as messages are written, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param written messages written so far, over all chats
         * @param total   messages to write in all (the chats' counts when the export started)
         * @param chat    the chat being written
         */
        void advanced(long written, long total, ChatRecord chat);
    }

    /** A sentence for the user: the export cannot go where it was asked to. */
    public static final class ExportException extends RuntimeException {
        public ExportException(String message) {
            super(message);
        }
    }

    private static final int PROGRESS_EVERY = 1_000;

    private final Archive archive;
    private final ZoneId zone;
    private final Progress progress;

    /**
     * @param archive  the archive to read (open it read-only)
     * @param zone     the time zone for times in HTML pages and WhatsApp transcripts
     * @param progress told every thousand messages and at the end of each chat
     */
    public ArchiveExport(Archive archive, ZoneId zone, Progress progress) {
        this.archive = archive;
        this.zone = zone;
        this.progress = progress;
    }

    /**
     * Exports {@code chats}, in that order.
     *
     * @param output where to write; empty for standard output ({@code jsonl}, and {@code txt} of one chat)
     * @param stdout standard output
     * @throws ExportException when the output is not usable for the format (said in a sentence)
     * @throws IOException     when writing fails
     */
    public Result run(List<ChatRecord> chats, Format format, Optional<Path> output, Writer stdout)
            throws IOException {
        Objects.requireNonNull(chats);
        long total = chats.stream().mapToLong(ChatRecord::messageCount).sum();
        Path written = output.map(Path::toAbsolutePath).orElse(null);
        try (ChatExporter exporter = exporter(chats, format, output, stdout)) {
            long count = 0;
            for (ChatRecord chat : chats) {
                exporter.startChat(chat);
                for (ExportedMessage message : new ChatReader(archive, chat.chatId())) {
                    exporter.message(message);
                    if (++count % PROGRESS_EVERY == 0) {
                        progress.advanced(count, Math.max(total, count), chat);
                    }
                }
                exporter.endChat();
                progress.advanced(count, Math.max(total, count), chat);
            }
            exporter.finish();
            return new Result(chats.size(), count, written);
        }
    }

    private ChatExporter exporter(List<ChatRecord> chats, Format format, Optional<Path> output, Writer stdout)
            throws IOException {
        return switch (format) {
            case JSONL -> output.isEmpty() ? new JsonLinesExporter(stdout, false)
                    : new JsonLinesExporter(Files.newBufferedWriter(prepareFile(output.get()), StandardCharsets.UTF_8), true);
            case HTML -> new HtmlExporter(prepareFolder(output.orElseThrow(() -> new ExportException(
                    "An HTML export is a folder: name it with --output FOLDER."))), zone);
            case TXT -> new WhatsAppTextExporter(textTarget(chats, output, stdout), zone, this::meName);
        };
    }

    private WhatsAppTextExporter.Target textTarget(List<ChatRecord> chats, Optional<Path> output, Writer stdout)
            throws IOException {
        if (output.isEmpty()) {
            if (chats.size() != 1) {
                throw new ExportException("A WhatsApp text export writes one file per chat: name a folder with "
                        + "--output FOLDER (or export one chat to standard output).");
            }
            return WhatsAppTextExporter.toStream(stdout);
        }
        Path path = output.get();
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isDirectory(path) && (name.endsWith(".txt") || name.endsWith(".zip"))) {
            if (chats.size() != 1) {
                throw new ExportException("--output " + path.getFileName() + " names one file, but " + chats.size()
                        + " chats are exported: name a folder instead.");
            }
            Path file = prepareFile(path);
            return name.endsWith(".zip") ? WhatsAppTextExporter.toZip(chat -> file)
                    : WhatsAppTextExporter.toTextFile(chat -> file);
        }
        Path folder = prepareFolder(path);
        Set<String> taken = new HashSet<>();
        WhatsAppTextExporter.Target zip = WhatsAppTextExporter.toZip(chat -> folder.resolve(fileFor(chat, ".zip", taken)));
        WhatsAppTextExporter.Target text = WhatsAppTextExporter.toTextFile(chat -> folder.resolve(fileFor(chat, ".txt", taken)));
        return new WhatsAppTextExporter.Target() {
            private WhatsAppTextExporter.Target current;

            @Override
            public java.io.Writer open(ChatRecord chat) throws IOException {
                current = hasStoredFiles(chat) ? zip : text;
                return current.open(chat);
            }

            @Override
            public void finish(ChatRecord chat, java.util.Map<String, Path> media, String me) throws IOException {
                current.finish(chat, media, me);
            }
        };
    }

    /** {@code WhatsApp Chat - <title>.txt}, as WhatsApp names exports, made safe and unique in the folder. */
    static String fileFor(ChatRecord chat, String extension, Set<String> taken) {
        String title = chat.title().replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]+", " ").strip();
        if (title.length() > 100) {
            title = title.substring(0, 100).strip();
        }
        if (title.isEmpty() || title.startsWith(".")) {
            title = "chat" + title;
        }
        String base = "WhatsApp Chat - " + title;
        String name = base + extension;
        for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
            name = base + " (" + n + ")" + extension;
        }
        return name;
    }

    private boolean hasStoredFiles(ChatRecord chat) {
        return archive.read(session -> session.handle().createQuery("SELECT EXISTS (SELECT 1 FROM attachments a "
                        + "JOIN messages m ON m.row_id = a.message_row_id WHERE a.sha256 IS NOT NULL AND m.chat_jid = :chat)")
                .bind("chat", chat.chatId()).mapTo(Boolean.class).one());
    }

    /** The name the user appears under in the chat's own messages, else "You". */
    private String meName(ChatRecord chat) {
        return archive.read(session -> session.handle().createQuery("SELECT sender_name FROM messages "
                        + "WHERE chat_jid = :chat AND is_from_me = 1 AND sender_name IS NOT NULL LIMIT 1")
                .bind("chat", chat.chatId()).mapTo(String.class).findOne()).orElse("You");
    }

    private static Path prepareFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ExportException("--output " + file + " is a folder; name a file for this format.");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }

    /** An empty or new folder, or one an earlier export wrote (it holds index.html or exports). */
    private static Path prepareFolder(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ExportException("--output " + folder + " is a file; name a folder for this format.");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                List<String> names = entries.map(p -> p.getFileName().toString()).toList();
                boolean ours = names.contains("index.html")
                        || names.stream().allMatch(n -> n.startsWith("WhatsApp Chat - "));
                if (!names.isEmpty() && !ours) {
                    throw new ExportException("The folder " + folder + " is not empty and holds no earlier export; "
                            + "name a new or empty folder with --output, so nothing of yours is overwritten.");
                }
            }
        }
        Files.createDirectories(folder);
        return folder;
    }
}
