package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.PermanentProviderException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An export file opened for reading: a bare transcript ({@code .txt}) or a zip holding one, with or
 * without media.
 *
 * <p>Zips are untrusted. Nothing in them is ever extracted to disk by this class: the transcript and
 * the media are streamed from the zip ({@link #openMedia}), and where the host keeps a medium's bytes
 * is its own business (by their hash, never by the name in the zip). Still, a zip with an entry whose name points outside
 * its folder ({@code ../x}, {@code /etc/x}: "zip slip") is refused, as is one whose transcript is
 * larger than {@link #MAX_TRANSCRIPT_BYTES} or compressed more than {@link #MAX_COMPRESSION_RATIO}
 * times (a "zip bomb"); the limits are checked against the bytes actually read, not only the sizes the
 * zip declares. A medium's stream stops the same way past {@link #MAX_MEDIA_BYTES} or the same ratio.
 */
public final class ExportFile implements AutoCloseable {

    static final long MAX_TRANSCRIPT_BYTES = 1L << 30;
    /** The largest medium read from a zip: 2 GiB, WhatsApp's own limit for a file. */
    static final long MAX_MEDIA_BYTES = dev.chatarchive.api.Attachment.MAX_SIZE;
    static final long MAX_COMPRESSION_RATIO = 100;
    static final int MAX_ENTRIES = 100_000;
    private static final long RATIO_CHECK_FROM_BYTES = 1L << 20;

    /**
     * The e-mail subject WhatsApp names the transcript after, in the languages we know, with the
     * language's code (none for English and iOS's "WhatsApp Chat - NAME"); group 1 is the chat's name.
     */
    private static final List<Object[]> TITLE_PATTERNS = List.of(
            new Object[] {Pattern.compile("(?i)^WhatsApp[- ]Chat (?:with|-) (.+)$"), null},
            new Object[] {Pattern.compile("(?i)^WhatsApp[- ]Chat mit (.+)$"), "de"},
            new Object[] {Pattern.compile("(?i)^WhatsApp[- ]Chat met (.+)$"), "nl"},
            new Object[] {Pattern.compile("(?i)^Chat de WhatsApp con (.+)$"), "es"},
            new Object[] {Pattern.compile("(?i)^Chat WhatsApp con (.+)$"), "it"},
            new Object[] {Pattern.compile("(?i)^Conversa do WhatsApp com (.+)$"), "pt"},
            new Object[] {Pattern.compile("(?i)^Discussion WhatsApp avec (.+)$"), "fr"},
            new Object[] {Pattern.compile("(?i)^Чат WhatsApp с (?:контактом )?(.+)$"), "ru"},
            new Object[] {Pattern.compile("(?i)^Chat WhatsApp s (?:uživatelem )?(.+)$"), "cs"},
            new Object[] {Pattern.compile("(?i)^Chat WhatsApp dengan (.+)$"), "id"},
            new Object[] {Pattern.compile("(?i)^(.+) ile WhatsApp Sohbeti$"), "tr"});

    private final Path path;
    private final ZipFile zip;
    private final ZipEntry transcriptEntry;
    /** The media by base name (the name a transcript refers to); the first entry of a name wins. */
    private final Map<String, ZipEntry> media;
    private final String title;
    private final String titleLanguage;
    private final List<String> notes;

    private ExportFile(Path path, ZipFile zip, ZipEntry transcriptEntry, Map<String, ZipEntry> media,
                       String nameForTitle, List<String> notes) {
        this.path = path;
        this.zip = zip;
        this.transcriptEntry = transcriptEntry;
        this.media = media;
        Object[] title = nameForTitle == null ? null : titleAndLanguage(nameForTitle);
        this.title = title == null ? null : (String) title[0];
        this.titleLanguage = title == null ? null : (String) title[1];
        this.notes = List.copyOf(notes);
    }

    /** Whether {@code path} has a name an export can have ({@code .txt} or {@code .zip}). */
    static boolean looksLikeExport(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".txt") || name.endsWith(".zip");
    }

    /** Opens {@code path}; for a zip, finds the transcript and checks the archive is safe to read. */
    public static ExportFile open(Path path) throws PermanentProviderException {
        if (!Files.isRegularFile(path)) {
            throw new PermanentProviderException("'" + path + "' does not exist or is not a file.");
        }
        if (!Files.isReadable(path)) {
            throw new PermanentProviderException("'" + path + "' cannot be read: check its permissions.");
        }
        String fileName = path.getFileName().toString();
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".txt")) {
            return new ExportFile(path, null, null, Map.of(), stripExtension(fileName), List.of());
        }
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new PermanentProviderException("'" + path + "' is not a WhatsApp export: expected the .txt or .zip"
                    + " file that WhatsApp's \"Export chat\" makes.");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new PermanentProviderException("'" + fileName + "' is not a readable zip (it may be truncated or"
                    + " damaged): copy or export the chat again and import the new file.", e);
        } catch (IOException e) {
            throw new PermanentProviderException("'" + fileName + "' could not be opened (" + e.getMessage() + ").", e);
        }
        try {
            return inspect(path, zip);
        } catch (PermanentProviderException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static ExportFile inspect(Path path, ZipFile zip) throws PermanentProviderException {
        String fileName = path.getFileName().toString();
        List<ZipEntry> texts = new ArrayList<>();
        Map<String, ZipEntry> media = new LinkedHashMap<>();
        int entries = 0;
        try {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw new PermanentProviderException("'" + fileName + "' holds more than " + MAX_ENTRIES
                            + " files, far more than a WhatsApp export; it was not read.");
                }
                String name = entry.getName();
                if (escapesFolder(name)) {
                    throw new PermanentProviderException("'" + fileName + "' holds an entry named '" + name
                            + "' that points outside the export's folder; such a zip is unsafe and was not read.");
                }
                if (entry.isDirectory() || name.startsWith("__MACOSX/") || baseName(name).startsWith("._")) {
                    continue;
                }
                if (baseName(name).toLowerCase(Locale.ROOT).endsWith(".txt")) {
                    texts.add(entry);
                } else {
                    media.putIfAbsent(baseName(name), entry);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PermanentProviderException("'" + fileName + "' is a damaged zip (" + e.getMessage()
                    + "): export the chat again.", e);
        }
        // The transcript: iOS's _chat.txt, else a .txt named like a chat, else the zip's only (or first) .txt.
        List<ZipEntry> candidates = texts.stream().filter(e -> isTranscriptName(baseName(e.getName()))).toList();
        if (candidates.isEmpty()) {
            candidates = texts;
        }
        List<ZipEntry> ranked = candidates.stream()
                .sorted(Comparator.comparing((ZipEntry e) -> !baseName(e.getName()).equals("_chat.txt"))
                        .thenComparingInt(e -> e.getName().length())
                        .thenComparing(ZipEntry::getName))
                .toList();
        if (ranked.isEmpty()) {
            throw new PermanentProviderException("'" + fileName + "' holds no WhatsApp chat"
                    + " transcript (a '_chat.txt' or a 'WhatsApp Chat with ….txt'): is it an \"Export chat\" zip?");
        }
        ZipEntry transcript = ranked.get(0);
        List<String> notes = new ArrayList<>();
        if (ranked.size() > 1) {
            List<String> others = ranked.subList(1, ranked.size()).stream().map(e -> "'" + e.getName() + "'").toList();
            notes.add("'" + fileName + "' holds " + ranked.size() + " chat transcripts: '" + transcript.getName()
                    + "' was read, and " + String.join(", ", others) + (others.size() == 1 ? " was" : " were")
                    + " left out (export that chat on its own to import it).");
        }
        for (ZipEntry other : texts) {
            if (other != transcript) {
                media.putIfAbsent(baseName(other.getName()), other);
            }
        }
        checkDeclaredSize(fileName, transcript);
        String transcriptBase = stripExtension(baseName(transcript.getName()));
        String nameForTitle = titleOf(transcriptBase).isPresent() ? transcriptBase : stripExtension(fileName);
        return new ExportFile(path, zip, transcript, Collections.unmodifiableMap(media), nameForTitle, notes);
    }

    private static boolean isTranscriptName(String baseName) {
        String lower = baseName.toLowerCase(Locale.ROOT);
        return lower.equals("_chat.txt") || lower.contains("chat") || lower.contains("whatsapp")
                || lower.contains("чат") || lower.contains("conversa") || lower.contains("discussion")
                || lower.contains("sohbet");
    }

    /** Sentences for the user about how the file was read (a zip with two transcripts), possibly none. */
    public List<String> notes() {
        return notes;
    }

    private static void checkDeclaredSize(String fileName, ZipEntry transcript) throws PermanentProviderException {
        long size = transcript.getSize();
        long compressed = transcript.getCompressedSize();
        if (size > MAX_TRANSCRIPT_BYTES) {
            throw tooLarge(fileName, transcript.getName());
        }
        if (size > RATIO_CHECK_FROM_BYTES && compressed > 0 && size / compressed > MAX_COMPRESSION_RATIO) {
            throw overCompressed(fileName, transcript.getName());
        }
    }

    private static PermanentProviderException tooLarge(String fileName, String entry) {
        return tooLarge(fileName, entry, MAX_TRANSCRIPT_BYTES);
    }

    private static PermanentProviderException tooLarge(String fileName, String entry, long limit) {
        return new PermanentProviderException("'" + entry + "' in '" + fileName + "' is larger than "
                + (limit >> 20) + " MiB, far beyond any WhatsApp export; the zip was not read.");
    }

    private static PermanentProviderException overCompressed(String fileName, String entry) {
        return new PermanentProviderException("'" + entry + "' in '" + fileName + "' is compressed more than "
                + MAX_COMPRESSION_RATIO + " times, as zip bombs are; the zip was not read.");
    }

    static boolean escapesFolder(String name) {
        String unified = name.replace('\\', '/');
        if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : unified.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String baseName(String entryName) {
        int slash = entryName.lastIndexOf('/');
        return slash < 0 ? entryName : entryName.substring(slash + 1);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** The chat's name from a WhatsApp-made file name, for example "Alice" from "WhatsApp Chat with Alice (1)". */
    static Optional<String> titleOf(String baseName) {
        Object[] found = titleAndLanguage(baseName);
        return found == null ? Optional.empty() : Optional.of((String) found[0]);
    }

    /** The chat's name and the language code of a WhatsApp-made file name (null for English), or null. */
    private static Object[] titleAndLanguage(String baseName) {
        String name = baseName.replaceAll(" \\(\\d+\\)$", "").replace('\u00A0', ' ').strip();
        for (Object[] candidate : TITLE_PATTERNS) {
            Matcher m = ((Pattern) candidate[0]).matcher(name);
            if (m.matches() && !m.group(1).isBlank()) {
                return new Object[] {m.group(1).strip(), candidate[1]};
            }
        }
        return null;
    }

    /** The export file. */
    public Path path() {
        return path;
    }

    /** The chat's name as the file's name gives it, if WhatsApp named it. */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** Names of the media files a zip holds beside the transcript; empty for a bare transcript. */
    public Set<String> mediaNames() {
        return media.keySet();
    }

    /** The size the zip declares for medium {@code name}, if it holds it and says. */
    public Optional<Long> mediaSize(String name) {
        ZipEntry entry = media.get(name);
        return entry == null || entry.getSize() < 0 ? Optional.empty() : Optional.of(entry.getSize());
    }

    /**
     * The bytes of medium {@code name} (a base name, as transcripts write it), streamed from the zip;
     * empty when the zip does not hold it. The stream fails with a sentence, whatever the zip
     * declared, past {@link #MAX_MEDIA_BYTES} or when the entry turns out compressed more than
     * {@link #MAX_COMPRESSION_RATIO} times. Safe from several threads while this file is open.
     */
    public Optional<InputStream> openMedia(String name) throws IOException {
        ZipEntry entry = media.get(name);
        if (entry == null || zip == null) {
            return Optional.empty();
        }
        return Optional.of(new BoundedEntryStream(zip.getInputStream(entry), entry, path.getFileName().toString(),
                MAX_MEDIA_BYTES));
    }

    /** The transcript's size in bytes (uncompressed, for a zip), or -1 when the zip does not say. */
    long transcriptSize() {
        if (zip != null) {
            return transcriptEntry.getSize();
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The transcript, readable as often as needed while this file is open. */
    TranscriptSource transcript() {
        String displayName = zip == null ? path.getFileName().toString()
                : path.getFileName() + "!" + transcriptEntry.getName();
        return new TranscriptSource() {
            @Override
            public String displayName() {
                return displayName;
            }

            @Override
            public Path settingsFile() {
                return ExportProperties.pathFor(path.toAbsolutePath());
            }

            @Override
            public String fileNameLanguage() {
                return titleLanguage;
            }

            @Override
            public InputStream open() throws IOException {
                if (zip == null) {
                    return Files.newInputStream(path);
                }
                return new BoundedEntryStream(zip.getInputStream(transcriptEntry), transcriptEntry,
                        path.getFileName().toString(), MAX_TRANSCRIPT_BYTES);
            }
        };
    }

    @Override
    public void close() {
        if (zip != null) {
            closeQuietly(zip);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Nothing was written through it; a failed close loses nothing.
        }
    }

    /** A zip entry's content that stops with a clear error when it outgrows the limits, whatever the zip declared. */
    private static final class BoundedEntryStream extends FilterInputStream {
        private final String entryName;
        private final String fileName;
        private final long compressedSize;
        private final long limit;
        private long read;

        BoundedEntryStream(InputStream in, ZipEntry entry, String fileName, long limit) {
            super(in);
            this.entryName = entry.getName();
            this.fileName = fileName;
            this.compressedSize = entry.getCompressedSize();
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws UnsafeArchiveException {
            read += n;
            if (read > limit) {
                throw new UnsafeArchiveException(tooLarge(fileName, entryName, limit).getMessage());
            }
            if (read > RATIO_CHECK_FROM_BYTES && compressedSize > 0 && read / compressedSize > MAX_COMPRESSION_RATIO) {
                throw new UnsafeArchiveException(overCompressed(fileName, entryName).getMessage());
            }
        }
    }

    /** A zip that turned out unsafe while being read; its message is the sentence for the user. */
    static final class UnsafeArchiveException extends IOException {
        UnsafeArchiveException(String message) {
            super(message);
        }
    }
}
