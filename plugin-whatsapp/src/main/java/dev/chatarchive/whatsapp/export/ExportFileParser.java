package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PermanentProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a WhatsApp "Export chat" transcript into {@link ParsedMessage}s, streaming.
 *
 * <p>Design. Two passes over the file, each line by line with memory that does not grow with the
 * file (a line is capped at {@link #MAX_LINE_CHARS}, a message at {@link #MAX_MESSAGE_CHARS}, the
 * tracked authors at {@link #MAX_TRACKED_AUTHORS}):
 * <ol>
 *   <li>the layout pass finds the header layout most lines use (iOS brackets or Android dash, the
 *       date separator, 12 or 24 hours) and the date order, from evidence over the whole file
 *       ({@link DateOrderEvidence}), unless the caller fixes the order;
 *   <li>the message pass cuts the file into messages: a line starts a message only when it has a
 *       header of the file's own layout whose numbers make a valid date and time; every other line
 *       continues the message before it. So a pasted line from another chat inside a message does not
 *       split it, unless it is written exactly like the file's own headers and is a valid date.
 * </ol>
 * Invisible marks are stripped before matching ({@link InvisibleMarks}); the raw lines are kept.
 *
 * <p>Errors are {@link PermanentProviderException}s whose message is a sentence for the user: not a
 * text file, empty, no header, a line too long, an ambiguous date order.
 */
public final class ExportFileParser {

    /** No WhatsApp line comes near this (a message is at most 65,536 characters). */
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_MESSAGE_CHARS = 2 << 20;
    static final int MAX_TRACKED_AUTHORS = 2048;
    private static final int MAX_TRACKED_LAYOUTS = 32;
    private static final int MAX_AUTHOR_CHARS = 100;

    private final DateOrder fixedOrder;

    /** A parser that infers the date order of each file. */
    public ExportFileParser() {
        this(null);
    }

    /** A parser that reads dates in {@code fixedOrder}, or infers it when {@code null}. */
    public ExportFileParser(DateOrder fixedOrder) {
        this.fixedOrder = fixedOrder;
    }

    /**
     * Counts the messages of an export file ({@code .txt} or {@code .zip}) without keeping them: the
     * entry point for the parse-rate benchmark.
     */
    public static long countMessages(Path exportFile) throws PermanentProviderException, InterruptedException {
        try (ExportFile file = ExportFile.open(exportFile)) {
            long[] count = {0};
            new ExportFileParser().parse(file.transcript(), message -> count[0]++);
            return count[0];
        }
    }

    /** Parses {@code source}, handing each message to {@code sink} in file order. */
    ExportSummary parse(TranscriptSource source, Consumer<ParsedMessage> sink)
            throws PermanentProviderException, InterruptedException {
        Layout layout = findLayout(source);
        return readMessages(source, layout, sink);
    }

    private record Layout(HeaderGrammar.Layout shape, DateOrder order) {
    }

    private Layout findLayout(TranscriptSource source) throws PermanentProviderException, InterruptedException {
        Map<HeaderGrammar.Layout, DateOrderEvidence> evidence = new HashMap<>();
        boolean[] anyText = {false};
        // Nearly every header of a file has the same layout: remember the last one's evidence.
        HeaderGrammar.Layout[] lastLayout = {null};
        DateOrderEvidence[] lastEvidence = {null};
        readLines(source, line -> {
            if (!anyText[0] && !line.isBlank()) {
                anyText[0] = true;
            }
            HeaderGrammar.RawHeader header = HeaderGrammar.match(InvisibleMarks.strip(line));
            if (header == null || !header.hasValidTime()) {
                return;
            }
            DateOrderEvidence forLayout;
            if (header.layout().equals(lastLayout[0])) {
                forLayout = lastEvidence[0];
            } else {
                forLayout = evidence.get(header.layout());
                if (forLayout == null && evidence.size() < MAX_TRACKED_LAYOUTS) {
                    forLayout = new DateOrderEvidence();
                    evidence.put(header.layout(), forLayout);
                }
                lastLayout[0] = header.layout();
                lastEvidence[0] = forLayout;
            }
            if (forLayout != null) {
                forLayout.add(header);
            }
        });
        if (!anyText[0]) {
            throw new PermanentProviderException("'" + source.displayName() + "' is empty: export the chat again"
                    + " from WhatsApp (Chat > More > Export chat).");
        }
        Map.Entry<HeaderGrammar.Layout, DateOrderEvidence> dominant = evidence.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> Long.compare(a.headers(), b.headers())))
                .orElseThrow(() -> new PermanentProviderException("'" + source.displayName() + "' has no line that"
                        + " starts like a WhatsApp message (a date and a time, such as \"23/03/2022, 13:31 - \" or"
                        + " \"[3/27/22, 9:41:55 PM] \"): is it a WhatsApp \"Export chat\" file?"));
        if (fixedOrder != null) {
            return new Layout(dominant.getKey(), fixedOrder);
        }
        Optional<DateOrder> order = dominant.getValue().decide();
        if (order.isEmpty()) {
            throw new PermanentProviderException("The dates in '" + source.displayName() + "' can be read day-first"
                    + " or month-first (03/04/22 could be 3 April or March 4) and nothing in the file tells which."
                    + " Put the line date-order=day-month-year (or month-day-year) in a file named '"
                    + source.displayName() + ".properties' beside it, or set whatsapp.exports.date-order,"
                    + " and import again.");
        }
        return new Layout(dominant.getKey(), order.get());
    }

    private ExportSummary readMessages(TranscriptSource source, Layout layout, Consumer<ParsedMessage> sink)
            throws PermanentProviderException, InterruptedException {
        MessageAssembler assembler = new MessageAssembler(source.displayName(), sink);
        readLines(source, line -> {
            String clean = InvisibleMarks.strip(line);
            HeaderGrammar.RawHeader header = HeaderGrammar.match(clean);
            if (header != null && header.layout().equals(layout.shape())) {
                LocalDate date = layout.order().resolve(header.date());
                LocalTime time = header.time();
                if (date != null && time != null) {
                    assembler.startMessage(LocalDateTime.of(date, time), header.hasSeconds(), header.rest(), line,
                            clean != line);
                    return;
                }
            }
            assembler.continueMessage(clean, line);
        });
        assembler.finish();
        return assembler.summary(layout.order());
    }

    /** A consumer of lines that may fail with a sentence for the user. */
    private interface LineSink {
        void accept(String line) throws PermanentProviderException;
    }

    private static void readLines(TranscriptSource source, LineSink sink)
            throws PermanentProviderException, InterruptedException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = source.open();
             BoundedLineReader reader = new BoundedLineReader(new InputStreamReader(in, decoder), MAX_LINE_CHARS)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if ((reader.lineNumber() & 0xFFF) == 0 && Thread.interrupted()) {
                    throw new InterruptedException("reading " + source.displayName() + " was interrupted");
                }
                if (line.indexOf('\u0000') >= 0) {
                    throw notText(source, reader.lineNumber());
                }
                sink.accept(line);
            }
        } catch (BoundedLineReader.LineTooLongException e) {
            throw new PermanentProviderException("Line " + e.lineNumber + " of '" + source.displayName()
                    + "' is longer than " + MAX_LINE_CHARS + " characters, which WhatsApp never writes: the file is"
                    + " not a chat export or it is damaged.", e);
        } catch (CharacterCodingException e) {
            throw notText(source, -1);
        } catch (ExportFile.UnsafeArchiveException e) {
            throw new PermanentProviderException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PermanentProviderException("'" + source.displayName() + "' could not be read (" + e.getMessage()
                    + "): check that the file is complete and readable, and import it again.", e);
        }
    }

    private static PermanentProviderException notText(TranscriptSource source, long line) {
        return new PermanentProviderException("'" + source.displayName() + "' is not a text file"
                + (line > 0 ? " (line " + line + " holds binary data)" : " (it is not UTF-8 text)")
                + ": a WhatsApp export is the .txt or .zip file that \"Export chat\" makes.");
    }

    /** Collects the lines of the current message and, when it is complete, hands it on. */
    private static final class MessageAssembler {
        private final String displayName;
        private final Consumer<ParsedMessage> sink;
        private final MessageIds ids = new MessageIds();

        private LocalDateTime time;
        private boolean hasSeconds;
        private long line;
        private long lineCounter;
        private final StringBuilder body = new StringBuilder();
        private final StringBuilder raw = new StringBuilder();
        private String author;
        private boolean bodyStartedWithMark;

        private long count;
        private long skippedLines;
        private LocalDateTime first;
        private LocalDateTime last;
        private final Map<String, Long> authors = new HashMap<>();
        private boolean manyAuthors;
        private final Map<String, Long> systemAuthors = new HashMap<>();
        private long groupEvents;
        private final Set<String> selfAuthors = new HashSet<>();
        private final String[] recentWrittenAuthors = new String[8];
        private final String[] recentNormalisedAuthors = new String[8];
        private int nextRecentAuthor;

        MessageAssembler(String displayName, Consumer<ParsedMessage> sink) {
            this.displayName = displayName;
            this.sink = sink;
        }

        /** {@code rawHadMarks} says whether invisible marks were stripped from {@code rawLine}. */
        void startMessage(LocalDateTime headerTime, boolean seconds, String rest, String rawLine,
                          boolean rawHadMarks) {
            lineCounter++;
            finish();
            time = headerTime;
            hasSeconds = seconds;
            line = lineCounter;
            raw.setLength(0);
            raw.append(rawLine);
            int colon = authorEnd(rest);
            if (colon < 0) {
                author = null;
                body.setLength(0);
                body.append(rest);
                bodyStartedWithMark = false;
            } else {
                author = normalisedAuthor(rest, colon);
                body.setLength(0);
                if (colon + 2 <= rest.length()) {
                    body.append(rest, colon + 2, rest.length());
                }
                bodyStartedWithMark = rawHadMarks && (rawLine.contains(": \u200E") || rawLine.contains(":\u200E")
                        || rawLine.contains(":\u00A0\u200E"));
                if (author.isEmpty()) {
                    author = null;
                }
            }
        }

        void continueMessage(String clean, String rawLine) throws PermanentProviderException {
            lineCounter++;
            if (time == null) {
                if (!clean.isBlank()) {
                    skippedLines++;
                }
                return;
            }
            if (body.length() + clean.length() > MAX_MESSAGE_CHARS) {
                throw new PermanentProviderException("The message on line " + line + " of '" + displayName
                        + "' goes on for more than " + MAX_MESSAGE_CHARS + " characters, which WhatsApp never"
                        + " writes: the file is damaged or not a chat export.");
            }
            body.append('\n').append(clean);
            raw.append('\n').append(rawLine);
        }

        void finish() {
            if (time == null) {
                return;
            }
            MessageClassifier.Classification kind = MessageClassifier.classify(body.toString(), author != null,
                    bodyStartedWithMark);
            int sameTime = ids.nextSameTimeOrdinal(time);
            String id = ids.next(time, kind.type(), kind.content());
            LocalDateTime ordered = time.plusNanos(Math.min(sameTime, 999) * 1_000_000L);
            String storedAuthor = author;
            if (kind.system()) {
                if (author != null) {
                    systemAuthors.merge(author, 1L, Long::sum);
                }
                if (kind.groupEvent()) {
                    groupEvents++;
                }
            } else if (author != null) {
                if (authors.containsKey(author) || authors.size() < MAX_TRACKED_AUTHORS) {
                    authors.merge(author, 1L, Long::sum);
                } else {
                    manyAuthors = true;
                }
                if (kind.writtenByMe()) {
                    selfAuthors.add(author);
                }
            }
            sink.accept(new ParsedMessage(id, count, line, ordered, hasSeconds, storedAuthor, kind.type(),
                    shownContent(kind), kind.edited(), kind.attachment(), kind.system(), raw.toString()));
            count++;
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
            time = null;
        }

        /**
         * The text a reader sees. WhatsApp writes a view-once message as the bare word "null"; it stays
         * in the id (so ids never change) and in the raw record, but it is no message text.
         */
        private static String shownContent(MessageClassifier.Classification kind) {
            return kind.type() == MessageType.VIEW_ONCE && kind.content().strip().equalsIgnoreCase("null")
                    ? "" : kind.content();
        }

        ExportSummary summary(DateOrder order) {
            return new ExportSummary(count, first, last, order, authors, manyAuthors, systemAuthors, groupEvents,
                    selfAuthors, skippedLines);
        }

        /** Where the author ends (the ':' of "Author: "), or -1 for a line with no author. */
        private static int authorEnd(String rest) {
            int colon = rest.indexOf(": ");
            if (colon < 0 && rest.endsWith(":")) {
                colon = rest.length() - 1;
            }
            if (colon <= 0 || colon > MAX_AUTHOR_CHARS) {
                return -1;
            }
            // A quotation mark before the colon means quoted text ("He said: ..."), not an author.
            for (int i = 0; i < colon; i++) {
                char c = rest.charAt(i);
                if (c == '"' || c == '\u201C' || c == '\u201E' || c == '«') {
                    return -1;
                }
            }
            return colon;
        }

        /**
         * The author written before {@code colon} in {@code rest}, normalised. A chat's messages come
         * from a few people, so the last few names written and their normal forms are remembered.
         */
        private String normalisedAuthor(String rest, int colon) {
            for (int i = 0; i < recentWrittenAuthors.length; i++) {
                String written = recentWrittenAuthors[i];
                if (written != null && written.length() == colon && rest.regionMatches(0, written, 0, colon)) {
                    return recentNormalisedAuthors[i];
                }
            }
            int slot = nextRecentAuthor;
            nextRecentAuthor = (nextRecentAuthor + 1) % recentWrittenAuthors.length;
            recentWrittenAuthors[slot] = rest.substring(0, colon);
            recentNormalisedAuthors[slot] = normaliseAuthor(recentWrittenAuthors[slot]);
            return recentNormalisedAuthors[slot];
        }

        /** The author with odd spaces made plain and collapsed, and iOS's "~ " (not in contacts) marker removed. */
        private static String normaliseAuthor(String written) {
            StringBuilder out = new StringBuilder(written.length());
            for (int i = 0; i < written.length(); i++) {
                char c = InvisibleMarks.isSpace(written.charAt(i)) ? ' ' : written.charAt(i);
                if (c != ' ' || (out.length() > 0 && out.charAt(out.length() - 1) != ' ')) {
                    out.append(c);
                }
            }
            String name = out.toString().strip();
            if (name.startsWith("~")) {
                name = name.substring(1).strip();
            }
            return name;
        }
    }
}
