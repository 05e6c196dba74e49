package dev.chatarchive.whatsapp.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatarchive.api.PermanentProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed exports kept in the plugin's data folder, so that an export is parsed once, not once per
 * page or per run. For each export file (identified by path, size, modification time and the date
 * order used) it holds:
 * <ul>
 *   <li>{@code <key>.messages.bin}: one binary record per message, in file order ({@link Records}):
 *       the text once (the lines as header + content when they are exactly that), no field names;
 *   <li>{@code <key>.summary.json}: the {@link ExportSummary} and the file's title, written last, so
 *       that its presence means the export was parsed completely.
 * </ul>
 * Both are written to temporary names and moved into place, so a crash leaves no half cache. The
 * messages file is only a cache of the parse: once a chat has been paged to its oldest message it is
 * deleted ({@link #dropMessages}), and parsed again from the export if a page is ever asked for again
 * ({@link #messagesFile}); the summary stays, since listing chats needs it. A changed export gets a
 * new key; caches no export uses any more are deleted by {@link #retainOnly}. Nothing is ever written
 * outside {@code folder}.
 */
final class ParsedExportCache {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the parser's output changes, so old caches are parsed again. */
    private static final String FORMAT = "4";

    private final Path folder;

    ParsedExportCache(Path folder) {
        this.folder = folder;
    }

    /** An export with its parse at hand. */
    record CachedExport(Path exportFile, String fileTitle, ExportSummary summary, Path messagesFile, String key,
                        DateOrder order) {
    }

    /** A message as the cache holds it. */
    record CachedMessage(ParsedMessage message, boolean attachmentIncluded) {
    }

    /** The cached parse of {@code exportFile}, parsing it first if needed. */
    synchronized CachedExport ensure(Path exportFile, DateOrder fixedOrder) throws PermanentProviderException, InterruptedException {
        return ensure(exportFile, fixedOrder, ParseProgress.NONE);
    }

    /** As {@link #ensure(Path, DateOrder)}, telling {@code progress} how far a parse it needs has got. */
    synchronized CachedExport ensure(Path exportFile, DateOrder fixedOrder, ParseProgress progress)
            throws PermanentProviderException, InterruptedException {
        String key = keyOf(exportFile, fixedOrder);
        Path summaryFile = folder.resolve(key + ".summary.json");
        Path messagesFile = folder.resolve(key + ".messages.bin");
        if (Files.isRegularFile(summaryFile)) {
            try {
                return readSummary(exportFile, summaryFile, messagesFile, key, fixedOrder);
            } catch (IOException | RuntimeException e) {
                // A damaged cache is only a cache: parse again.
            }
        }
        return parseInto(exportFile, fixedOrder, key, summaryFile, messagesFile, progress);
    }

    private CachedExport parseInto(Path exportFile, DateOrder fixedOrder, String key, Path summaryFile,
                                   Path messagesFile, ParseProgress progress)
            throws PermanentProviderException, InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("parsing '" + exportFile.getFileName() + "' was interrupted");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new PermanentProviderException("The WhatsApp plugin cannot write its data folder " + folder + " ("
                    + e.getMessage() + "): check its permissions.", e);
        }
        Path messagesTemp = folder.resolve(key + ".messages.bin.tmp");
        Path summaryTemp = folder.resolve(key + ".summary.json.tmp");
        try (ExportFile file = ExportFile.open(exportFile)) {
            Set<String> media = file.mediaNames();
            ExportSummary summary;
            try (Records.Writer out = new Records.Writer(messagesTemp)) {
                TranscriptSource transcript = ParseProgress.counting(file.transcript(), file.transcriptSize(), progress);
                summary = new ExportFileParser(fixedOrder).parse(transcript, message -> {
                    try {
                        out.write(message, message.attachment() != null && media.contains(message.attachment()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            summary = summary.withNotes(file.notes());
            ObjectNode node = summaryJson(summary, file.title().orElse(null));
            Files.writeString(summaryTemp, JSON.writeValueAsString(node), StandardCharsets.UTF_8);
            move(messagesTemp, messagesFile);
            move(summaryTemp, summaryFile);
            return new CachedExport(exportFile, file.title().orElse(null), summary, messagesFile, key, fixedOrder);
        } catch (IOException | UncheckedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("parsing '" + exportFile.getFileName() + "' was interrupted");
            }
            throw new PermanentProviderException("The parsed copy of '" + exportFile.getFileName() + "' could not be"
                    + " written to " + folder + " (" + e.getMessage() + "): check free space and permissions.", e);
        } finally {
            deleteQuietly(messagesTemp);
            deleteQuietly(summaryTemp);
        }
    }

    /** Hands every cached message of {@code export} to {@code sink}, in file order. */
    void forEach(CachedExport export, java.util.function.Consumer<CachedMessage> sink)
            throws IOException, PermanentProviderException, InterruptedException {
        try (Records.Reader reader = new Records.Reader(messagesFile(export))) {
            CachedMessage message;
            while ((message = reader.next()) != null) {
                sink.accept(message);
            }
        }
    }

    /**
     * The messages file of {@code export}, parsing the export again first if it was dropped
     * ({@link #dropMessages}) or lost.
     */
    synchronized Path messagesFile(CachedExport export) throws PermanentProviderException, InterruptedException {
        if (Files.isRegularFile(export.messagesFile())) {
            return export.messagesFile();
        }
        Path summaryFile = folder.resolve(export.key() + ".summary.json");
        return parseInto(export.exportFile(), export.order(), export.key(), summaryFile, export.messagesFile(),
                ParseProgress.NONE)
                .messagesFile();
    }

    /**
     * Deletes the parsed messages of {@code export}, keeping its summary: the archive holds its
     * messages now, and {@link #messagesFile} parses the export again if they are ever needed.
     */
    void dropMessages(CachedExport export) {
        deleteQuietly(export.messagesFile());
    }

    /** Deletes the caches of exports other than {@code keys}. */
    void retainOnly(Set<String> keys) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int dot = name.indexOf('.');
                if (dot > 0 && !keys.contains(name.substring(0, dot))) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            // Stale caches only cost disk space; the next refresh tries again.
        }
    }

    private static String keyOf(Path exportFile, DateOrder fixedOrder) throws PermanentProviderException {
        try {
            Path absolute = exportFile.toAbsolutePath().normalize();
            String identity = FORMAT + "\u0000" + absolute + "\u0000" + Files.size(absolute) + "\u0000"
                    + Files.getLastModifiedTime(absolute).toMillis() + "\u0000" + fixedOrder;
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (IOException e) {
            throw new PermanentProviderException("'" + exportFile + "' cannot be read (" + e.getMessage() + ").", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ObjectNode summaryJson(ExportSummary summary, String title) {
        ObjectNode node = JSON.createObjectNode();
        node.put("title", title);
        node.put("count", summary.messageCount());
        node.put("first", summary.first() == null ? null : summary.first().toString());
        node.put("last", summary.last() == null ? null : summary.last().toString());
        node.put("dateOrder", summary.dateOrder().name());
        ObjectNode authors = node.putObject("authors");
        summary.authors().forEach(authors::put);
        node.put("manyAuthors", summary.manyAuthors());
        ObjectNode systemAuthors = node.putObject("systemAuthors");
        summary.systemAuthors().forEach(systemAuthors::put);
        node.put("groupEvents", summary.groupEvents());
        var self = node.putArray("selfAuthors");
        summary.selfAuthors().forEach(self::add);
        node.put("skippedLines", summary.skippedLines());
        var reports = node.putArray("lineReports");
        for (LineReport report : summary.lineReports()) {
            ObjectNode r = reports.addObject();
            r.put("kind", report.kind().name());
            r.put("count", report.count());
            var lines = r.putArray("firstLines");
            report.firstLines().forEach(lines::add);
        }
        var notes = node.putArray("notes");
        summary.notes().forEach(notes::add);
        return node;
    }

    private static CachedExport readSummary(Path exportFile, Path summaryFile, Path messagesFile, String key,
                                            DateOrder order) throws IOException {
        JsonNode node = JSON.readTree(Files.readString(summaryFile, StandardCharsets.UTF_8));
        Set<String> self = new HashSet<>();
        node.get("selfAuthors").forEach(n -> self.add(n.asText()));
        java.util.List<LineReport> reports = new java.util.ArrayList<>();
        for (JsonNode r : node.get("lineReports")) {
            java.util.List<Long> lines = new java.util.ArrayList<>();
            r.get("firstLines").forEach(n -> lines.add(n.asLong()));
            reports.add(new LineReport(LineReport.Kind.valueOf(r.get("kind").asText()), r.get("count").asLong(), lines));
        }
        java.util.List<String> notes = new java.util.ArrayList<>();
        node.get("notes").forEach(n -> notes.add(n.asText()));
        ExportSummary summary = new ExportSummary(node.get("count").asLong(), time(node, "first"), time(node, "last"),
                DateOrder.valueOf(node.get("dateOrder").asText()), counts(node.get("authors")),
                node.get("manyAuthors").asBoolean(), counts(node.get("systemAuthors")),
                node.get("groupEvents").asLong(), self, node.get("skippedLines").asLong(), reports, notes);
        return new CachedExport(exportFile, text(node, "title"), summary, messagesFile, key, order);
    }

    private static LocalDateTime time(JsonNode node, String field) {
        return Optional.ofNullable(text(node, field)).map(LocalDateTime::parse).orElse(null);
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            counts.put(entry.getKey(), entry.getValue().asLong());
        }
        return counts;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temporary file is removed by the next retainOnly.
        }
    }
}
