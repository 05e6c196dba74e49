package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PermanentProviderException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a WhatsApp "Export chat" transcript into {@link ParsedMessage}s, streaming.
 *
 * <p>Design. Two passes over the file (three for a file whose date order only weak evidence
 * settles), each line by line with memory that does not grow with the file (a line is capped at
 * {@link #MAX_LINE_CHARS}, a message at {@link #MAX_MESSAGE_CHARS}, the tracked authors at
 * {@link #MAX_TRACKED_AUTHORS}):
 * <ol>
 *   <li>the survey finds the header layout most lines use (its family: dash, brackets, colon...; its
 *       date separator; 12 or 24 hours) and the date order, from evidence over the whole file
 *       ({@link DateOrderEvidence}, then {@link DateOrderTieBreak}); it also counts bytes that are not
 *       text;
 *   <li>the message pass cuts the file into messages: a line starts a message when it has a header of
 *       the file's own layout class ({@link HeaderGrammar.Layout#sameClass}: 12- and 24-hour lines of one
 *       hand-edited file belong together) whose numbers make a valid date and time; every other line
 *       continues the message before it. So a pasted line from another chat inside a message does not
 *       split it. Lines that look like headers but cannot be read are counted and reported
 *       ({@link LineReport}), never dropped.
 * </ol>
 * Only LF and CRLF end a line: U+2028, U+2029, U+0085 and a lone CR are text. The file is UTF-8, or
 * UTF-16 when it starts with a byte-order mark or looks like it; bytes that are not valid text become
 * U+FFFD and NUL bytes are dropped, each reported with its line. Invisible marks are stripped before
 * matching ({@link InvisibleMarks}); the raw lines are kept.
 *
 * <p>Errors are {@link PermanentProviderException}s whose message is a sentence for the user: not a
 * text file, empty, no header, a line too long, a date order that is a true tie.
 */
public final class ExportFileParser {

    /**
     * The logger, made on first use: the parser logs only when a weak tie-break decides a date order,
     * and making a logger starts the logging framework (reading its configuration costs a cold process
     * about half a second), which a parse that logs nothing should not pay.
     */
    private static final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(ExportFileParser.class);
    }

    /** No WhatsApp line comes near this (a message is at most 65,536 characters). */
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_MESSAGE_CHARS = 2 << 20;
    static final int MAX_TRACKED_AUTHORS = 2048;
    private static final int MAX_TRACKED_LAYOUTS = 32;
    private static final int MAX_AUTHOR_CHARS = 100;
    /**
     * What the decoder puts where bytes are not valid text, so that their lines can be counted: a
     * noncharacter, which no exported text holds. Each becomes U+FFFD before anything else sees it.
     */
    private static final char UNDECODABLE = '\uFDD0';
    /**
     * The year given to headers that write none ({@code 12 Aug 07:44}) when the file names no year at
     * all: WhatsApp for Android wrote such headers until 2014.
     */
    static final int YEAR_WHEN_UNWRITTEN = 2013;

    private final DateOrder userOrder;

    /** A parser that infers the date order of each file. */
    public ExportFileParser() {
        this(null);
    }

    /**
     * A parser that reads dates in {@code userOrder} (the user's word for the file), or infers it when
     * {@code null}. The user's order gives way only where the file's own dates rule it out (a "13"
     * where it puts the month); the summary then says so.
     */
    public ExportFileParser(DateOrder userOrder) {
        this.userOrder = userOrder;
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
        Survey survey = survey(source);
        Plan plan = plan(source, survey);
        return readMessages(source, plan, survey, sink);
    }

    /** How the message pass reads the file. */
    private record Plan(HeaderGrammar.Layout primary, DateOrder order, int firstYear, List<String> notes) {
    }

    /** One layout's headers in the survey. */
    private static final class LayoutStats {
        long headers;
        final DateOrderEvidence evidence = new DateOrderEvidence();

        /** How much the layout counts when choosing the file's own: headers that make a date (the first version's measure). */
        long weight(HeaderGrammar.Layout layout) {
            return layout.dateSeparator() == HeaderGrammar.NAMED_MONTH ? headers : evidence.headers();
        }
    }

    /** What the first pass found. */
    private static final class Survey {
        boolean anyText;
        final Map<HeaderGrammar.Layout, LayoutStats> layouts = new LinkedHashMap<>();
        final LineReport.Counter invalidBytes = new LineReport.Counter(LineReport.Kind.INVALID_BYTES);
        final LineReport.Counter nulBytes = new LineReport.Counter(LineReport.Kind.NUL_BYTES);
        int firstWrittenYear = -1;
        // Nearly every header of a file has the same layout: remember the last one's stats.
        HeaderGrammar.Layout lastLayout;
        LayoutStats lastStats;
    }

    private Survey survey(TranscriptSource source) throws PermanentProviderException, InterruptedException {
        Survey survey = new Survey();
        readLines(source, survey, (line, clean, number) -> {
            if (!survey.anyText && !line.isBlank()) {
                survey.anyText = true;
            }
            HeaderGrammar.RawHeader header = HeaderGrammar.match(clean);
            if (header == null || !header.hasValidTime()) {
                return;
            }
            LayoutStats stats;
            if (header.layout().equals(survey.lastLayout)) {
                stats = survey.lastStats;
            } else {
                stats = survey.layouts.get(header.layout());
                if (stats == null && survey.layouts.size() < MAX_TRACKED_LAYOUTS) {
                    stats = new LayoutStats();
                    survey.layouts.put(header.layout(), stats);
                }
                survey.lastLayout = header.layout();
                survey.lastStats = stats;
            }
            if (stats != null) {
                stats.headers++;
                stats.evidence.add(header);
            }
            if (survey.firstWrittenYear < 0 && header.date().namedMonth() && header.date().hasYear()
                    && header.layout().yearDigits() == 4) {
                survey.firstWrittenYear = header.date().third();
            }
        });
        return survey;
    }

    private Plan plan(TranscriptSource source, Survey survey) throws PermanentProviderException, InterruptedException {
        if (!survey.anyText) {
            throw new PermanentProviderException("'" + source.displayName() + "' is empty: export the chat again"
                    + " from WhatsApp (Chat > More > Export chat).");
        }
        Map.Entry<HeaderGrammar.Layout, LayoutStats> dominant = null;
        for (Map.Entry<HeaderGrammar.Layout, LayoutStats> entry : survey.layouts.entrySet()) {
            if (dominant == null || entry.getValue().weight(entry.getKey()) > dominant.getValue().weight(dominant.getKey())) {
                dominant = entry;
            }
        }
        if (dominant == null) {
            if (survey.invalidBytes.count() > 0 || survey.nulBytes.count() > 0) {
                throw notText(source);
            }
            throw new PermanentProviderException("'" + source.displayName() + "' has no line that"
                    + " starts like a WhatsApp message (a date and a time, such as \"23/03/2022, 13:31 - \" or"
                    + " \"[3/27/22, 9:41:55 PM] \"): is it a WhatsApp \"Export chat\" file?");
        }
        HeaderGrammar.Layout primary = dominant.getKey();
        DateOrderEvidence evidence = dominant.getValue().evidence;
        List<String> notes = new ArrayList<>();
        int firstYear = survey.firstWrittenYear >= 0 ? survey.firstWrittenYear : YEAR_WHEN_UNWRITTEN;
        if (primary.yearDigits() == 0 && survey.firstWrittenYear < 0) {
            notes.add("'" + source.displayName() + "' writes no year in its dates (WhatsApp for Android did so"
                    + " until 2014); they are counted from " + YEAR_WHEN_UNWRITTEN + ", a new year starting"
                    + " whenever the dates go back to January.");
        }
        if (primary.dateSeparator() == HeaderGrammar.NAMED_MONTH) {
            // A month name reads the same in every order: the order is only a label here.
            return new Plan(primary, DateOrder.DAY_MONTH_YEAR, firstYear, notes);
        }
        if (userOrder != null) {
            if (!evidence.rulesOut(userOrder)) {
                return new Plan(primary, userOrder, firstYear, notes);
            }
            DateOrder order = evidence.decide().or(() -> otherThan(userOrder, evidence)).orElse(userOrder);
            notes.add("The dates in '" + source.displayName() + "' cannot be " + userOrder.settingValue() + " as set"
                    + " (many would not exist); they were read " + order.settingValue() + ".");
            return new Plan(primary, order, firstYear, notes);
        }
        Optional<DateOrder> decided = evidence.decide();
        if (decided.isPresent()) {
            return new Plan(primary, decided.get(), firstYear, notes);
        }
        Optional<DateOrderTieBreak.Decision> tieBreak = tieBreak(source, survey, primary);
        if (tieBreak.isPresent()) {
            Log.LOG.info("Read the dates of {} {}: {}", source.displayName(), tieBreak.get().order().settingValue(),
                    tieBreak.get().because());
            return new Plan(primary, tieBreak.get().order(), firstYear, notes);
        }
        throw ambiguous(source);
    }

    private static Optional<DateOrder> otherThan(DateOrder ruledOut, DateOrderEvidence evidence) {
        for (DateOrder order : DateOrder.values()) {
            if (order != ruledOut && !evidence.rulesOut(order)) {
                return Optional.of(order);
            }
        }
        return Optional.empty();
    }

    private Optional<DateOrderTieBreak.Decision> tieBreak(TranscriptSource source, Survey survey,
                                                          HeaderGrammar.Layout primary)
            throws PermanentProviderException, InterruptedException {
        DateOrderTieBreak tieBreak = new DateOrderTieBreak();
        readLines(source, null, (line, clean, number) -> {
            HeaderGrammar.RawHeader header = HeaderGrammar.match(clean);
            if (header != null && primary.sameClass(header.layout())) {
                tieBreak.add(header, clean);
            }
        });
        return tieBreak.decide(primary, source.fileNameLanguage());
    }

    /** Opening words of the refusal of a file whose dates are a true tie, so that callers can tell it apart. */
    static final String AMBIGUOUS_PREFIX = "The dates in '";

    /** The refusal of a file whose dates read both day-first and month-first, with nothing in it to tell which. */
    static PermanentProviderException ambiguous(TranscriptSource source) {
        return new PermanentProviderException("The dates in '" + source.displayName() + "' can be read day-first or month-first (03/04/22"
                    + " could be 3 April or March 4) and nothing in the file tells which. Say which: "
                    + "import it with --date-order day-month-year (or month-day-year; in the app, the key O), or put the line"
                    + " date-order=day-month-year (or month-day-year) in '"
                    + (source.settingsFile() != null ? source.settingsFile().toString()
                    : source.displayName() + ".properties") + "', or set whatsapp.exports.date-order for every"
                    + " such file; then import it again.");
    }

    private ExportSummary readMessages(TranscriptSource source, Plan plan, Survey survey,
                                       Consumer<ParsedMessage> sink)
            throws PermanentProviderException, InterruptedException {
        MessageAssembler assembler = new MessageAssembler(source.displayName(), sink);
        LineReport.Counter unreadable = new LineReport.Counter(LineReport.Kind.UNREADABLE_HEADER);
        LineReport.Counter otherLayout = new LineReport.Counter(LineReport.Kind.OTHER_LAYOUT);
        UnwrittenYears years = new UnwrittenYears(plan.firstYear());
        HeaderGrammar.Layout primary = plan.primary();
        readLines(source, null, (line, clean, number) -> {
            HeaderGrammar.RawHeader header = HeaderGrammar.match(clean);
            if (header != null) {
                if (header.layout().equals(primary) || primary.sameClass(header.layout())
                        || primary.acceptsBare(header)) {
                    LocalDate date = years.resolve(plan.order(), header.date());
                    LocalTime time = header.time();
                    if (date != null && time != null) {
                        assembler.startMessage(LocalDateTime.of(date, time), header.hasSeconds(), header, line,
                                clean != line);
                        return;
                    }
                    unreadable.add(number);
                } else if (header.hasValidTime() && header.layout().family() != HeaderGrammar.Family.BARE) {
                    otherLayout.add(number);
                }
            }
            assembler.continueMessage(clean, line);
        });
        assembler.finish();
        List<LineReport> reports = new ArrayList<>();
        for (LineReport.Counter counter : List.of(assembler.beforeFirst, survey.invalidBytes, survey.nulBytes, unreadable,
                otherLayout)) {
            LineReport report = counter.report();
            if (report != null) {
                reports.add(report);
            }
        }
        return assembler.summary(plan.order(), reports, plan.notes());
    }

    /**
     * The years of headers that write none, in file order: the last written year (or the plan's first
     * year), and one more each time the dates fall back by more than a month (December to January).
     */
    private static final class UnwrittenYears {
        private int year;
        private LocalDate previous;

        UnwrittenYears(int firstYear) {
            this.year = firstYear;
        }

        LocalDate resolve(DateOrder order, HeaderGrammar.WrittenDate written) {
            if (!written.namedMonth() && written.hasYear()) {
                return order.resolve(written);
            }
            LocalDate date;
            if (written.hasYear()) {
                year = written.third();
                date = order.resolve(written);
            } else {
                date = order.resolve(written, year);
                if (date != null && previous != null && date.isBefore(previous.minusDays(31))) {
                    year++;
                    date = order.resolve(written, year);
                }
            }
            if (date != null) {
                previous = date;
            }
            return date;
        }
    }

    /**
     * A consumer of numbered lines that may fail with a sentence for the user: each line as read, and
     * {@code clean}, the line without {@link InvisibleMarks} (the same instance when it had none).
     */
    private interface LineSink {
        void accept(String line, String clean, long number) throws PermanentProviderException;
    }

    /**
     * Reads the transcript line by line. With a {@code survey}, counts the lines that held bytes that
     * are not text; every pass gets the same lines (U+FFFD for such bytes, NUL bytes dropped).
     */
    private static void readLines(TranscriptSource source, Survey survey, LineSink sink)
            throws PermanentProviderException, InterruptedException {
        try (BufferedInputStream in = new BufferedInputStream(source.open(), 1 << 16)) {
            CharsetDecoder decoder = decoderFor(in);
            if (decoder.charset().equals(StandardCharsets.UTF_8)) {
                // Nearly every export: read from the bytes, which say which lines need repairs or stripping.
                try (Utf8LineReader reader = new Utf8LineReader(in, decoder, MAX_LINE_CHARS)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        long number = reader.lineNumber();
                        if ((number & 0xFFF) == 0 && Thread.interrupted()) {
                            throw new InterruptedException("reading " + source.displayName() + " was interrupted");
                        }
                        if (reader.mayHaveMarks()) {
                            line = repaired(line, number, survey);
                            sink.accept(line, InvisibleMarks.strip(line), number);
                        } else {
                            sink.accept(line, line, number);
                        }
                    }
                }
                return;
            }
            try (BoundedLineReader reader = new BoundedLineReader(new InputStreamReader(in, decoder), MAX_LINE_CHARS)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    long number = reader.lineNumber();
                    if ((number & 0xFFF) == 0 && Thread.interrupted()) {
                        throw new InterruptedException("reading " + source.displayName() + " was interrupted");
                    }
                    line = repaired(line, number, survey);
                    sink.accept(line, InvisibleMarks.strip(line), number);
                }
            }
        } catch (BoundedLineReader.LineTooLongException e) {
            throw new PermanentProviderException("Line " + e.lineNumber + " of '" + source.displayName()
                    + "' is longer than " + MAX_LINE_CHARS + " characters, which WhatsApp never writes: the file is"
                    + " not a chat export or it is damaged.", e);
        } catch (ExportFile.UnsafeArchiveException e) {
            throw new PermanentProviderException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PermanentProviderException("'" + source.displayName() + "' could not be read (" + e.getMessage()
                    + "): check that the file is complete and readable, and import it again.", e);
        }
    }

    /**
     * {@code line} with U+FFFD where its bytes were not text and without NUL bytes; with a {@code
     * survey}, counts the line for each.
     */
    private static String repaired(String line, long number, Survey survey) {
        if (line.indexOf(UNDECODABLE) >= 0) {
            line = line.replace(UNDECODABLE, '\uFFFD');
            if (survey != null) {
                survey.invalidBytes.add(number);
            }
        }
        if (line.indexOf('\u0000') >= 0) {
            line = line.replace("\u0000", "");
            if (survey != null) {
                survey.nulBytes.add(number);
            }
        }
        return line;
    }

    /**
     * The decoder for the transcript's first bytes: UTF-16 when they are a UTF-16 byte-order mark or
     * look like UTF-16 text (every other byte zero), else UTF-8. Bytes that are not valid become
     * {@link #UNDECODABLE}.
     */
    private static CharsetDecoder decoderFor(BufferedInputStream in) throws IOException {
        in.mark(4096);
        byte[] head = in.readNBytes(4096);
        in.reset();
        Charset charset = StandardCharsets.UTF_8;
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            in.skip(2);
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            in.skip(2);
        } else if (head.length >= 16) {
            int evenZeros = 0;
            int oddZeros = 0;
            for (int i = 0; i + 1 < head.length; i += 2) {
                evenZeros += head[i] == 0 ? 1 : 0;
                oddZeros += head[i + 1] == 0 ? 1 : 0;
            }
            int pairs = head.length / 2;
            if (oddZeros * 10 > pairs * 7 && evenZeros * 10 < pairs) {
                charset = StandardCharsets.UTF_16LE;
            } else if (evenZeros * 10 > pairs * 7 && oddZeros * 10 < pairs) {
                charset = StandardCharsets.UTF_16BE;
            }
        }
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(UNDECODABLE));
    }

    private static PermanentProviderException notText(TranscriptSource source) {
        return new PermanentProviderException("'" + source.displayName() + "' is not a text file (it holds bytes"
                + " that are not text and no line that starts like a message): a WhatsApp export is the .txt or"
                + " .zip file that \"Export chat\" makes.");
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
        /**
         * The body and raw text of a message's first line; most messages have no other, and then these
         * are the message's whole texts, with no copy into the builders below.
         */
        private String firstBody;
        private String firstRaw;
        /** Whether the message has more lines than its first: then {@link #body} and {@link #raw} hold them all. */
        private boolean continued;
        private final StringBuilder body = new StringBuilder();
        private final StringBuilder raw = new StringBuilder();
        private String author;
        private boolean bodyStartedWithMark;
        /** Whether the body began with U+200E or U+200F (the latter in right-to-left languages). */
        private boolean bodyMarked;

        private long count;
        private long skippedLines;
        /** The lines of {@link #skippedLines}, for the report. */
        final LineReport.Counter beforeFirst = new LineReport.Counter(LineReport.Kind.BEFORE_FIRST_MESSAGE);
        private LocalDateTime first;
        private LocalDateTime last;
        private final Map<String, Long> authors = new HashMap<>();
        /** Per author, how many of their messages began with U+200E, as iOS system lines do. */
        private final Map<String, Long> markedByAuthor = new HashMap<>();
        private String firstAuthor;
        private boolean firstMarked;
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

        /**
         * {@code rawHadMarks} says whether invisible marks were stripped from {@code rawLine}. The author
         * and body are cut straight from the header's line, with no copy of what follows the header.
         */
        void startMessage(LocalDateTime headerTime, boolean seconds, HeaderGrammar.RawHeader header, String rawLine,
                          boolean rawHadMarks) {
            lineCounter++;
            finish();
            time = headerTime;
            hasSeconds = seconds;
            line = lineCounter;
            firstRaw = rawLine;
            continued = false;
            String clean = header.line();
            int restStart = header.restStart();
            int colon = authorEnd(clean, restStart);
            if (colon < 0) {
                author = null;
                firstBody = header.rest();
                bodyStartedWithMark = false;
                bodyMarked = false;
            } else {
                author = normalisedAuthor(clean, restStart, colon);
                firstBody = restStart + colon + 2 <= clean.length() ? clean.substring(restStart + colon + 2) : "";
                bodyStartedWithMark = rawHadMarks && (rawLine.contains(": \u200E") || rawLine.contains(":\u200E")
                        || rawLine.contains(":\u00A0\u200E"));
                bodyMarked = bodyStartedWithMark || rawHadMarks && (rawLine.contains(": \u200F")
                        || rawLine.contains(":\u200F"));
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
                    beforeFirst.add(lineCounter);
                }
                return;
            }
            if (!continued) {
                body.setLength(0);
                body.append(firstBody);
                raw.setLength(0);
                raw.append(firstRaw);
                continued = true;
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
            MessageClassifier.Classification kind = MessageClassifier.classify(continued ? body.toString() : firstBody, author != null,
                    bodyStartedWithMark, bodyMarked);
            int sameTime = ids.nextSameTimeOrdinal(time);
            String id = ids.next(time, kind.idType(), kind.idContent());
            LocalDateTime ordered = time.plusNanos(Math.min(sameTime, 999) * 1_000_000L);
            String storedAuthor = author;
            if (count == 0) {
                firstAuthor = author;
                firstMarked = bodyMarked;
            }
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
                    if (bodyMarked) {
                        markedByAuthor.merge(author, 1L, Long::sum);
                    }
                } else {
                    manyAuthors = true;
                }
                if (kind.writtenByMe()) {
                    selfAuthors.add(author);
                }
            }
            sink.accept(new ParsedMessage(id, count, line, ordered, hasSeconds, storedAuthor, kind.type(),
                    shownContent(kind), kind.edited(), kind.attachment(), kind.system(), continued ? raw.toString() : firstRaw));
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

        ExportSummary summary(DateOrder order, List<LineReport> reports, List<String> notes) {
            Map<String, Long> people = new HashMap<>(authors);
            Map<String, Long> system = new HashMap<>(systemAuthors);
            // iOS puts the chat's own name on its system lines, each body opening with U+200E. When the
            // first line is such a line and its author never writes anything else, that author is the
            // chat, even where the words of its lines are in a language no table here knows.
            if (firstAuthor != null && firstMarked && people.containsKey(firstAuthor)
                    && people.get(firstAuthor).equals(markedByAuthor.get(firstAuthor))) {
                system.merge(firstAuthor, people.remove(firstAuthor), Long::sum);
            }
            return new ExportSummary(count, first, last, order, people, manyAuthors, system, groupEvents,
                    selfAuthors, skippedLines, reports, notes);
        }

        /**
         * Where the author ends (the ':' of "Author: ") in what follows the header, which starts at {@code
         * restStart} in {@code line}, counted from there; or -1 for a line with no author.
         */
        private static int authorEnd(String line, int restStart) {
            int colon = line.indexOf(": ", restStart);
            colon = colon < 0 ? -1 : colon - restStart;
            if (colon < 0 && line.length() > restStart && line.endsWith(":")) {
                colon = line.length() - 1 - restStart;
            }
            if (colon <= 0 || colon > MAX_AUTHOR_CHARS) {
                return -1;
            }
            // A quotation mark before the colon means quoted text ("He said: ..."), not an author.
            for (int i = restStart; i < restStart + colon; i++) {
                char c = line.charAt(i);
                if (c == '"' || c == '\u201C' || c == '\u201E' || c == '«') {
                    return -1;
                }
            }
            return colon;
        }

        /**
         * The author written in the {@code colon} characters from {@code restStart} of {@code line}, normalised. A chat's messages come
         * from a few people, so the last few names written and their normal forms are remembered.
         */
        private String normalisedAuthor(String line, int restStart, int colon) {
            for (int i = 0; i < recentWrittenAuthors.length; i++) {
                String written = recentWrittenAuthors[i];
                if (written != null && written.length() == colon && line.regionMatches(restStart, written, 0, colon)) {
                    return recentNormalisedAuthors[i];
                }
            }
            int slot = nextRecentAuthor;
            nextRecentAuthor = (nextRecentAuthor + 1) % recentWrittenAuthors.length;
            recentWrittenAuthors[slot] = line.substring(restStart, restStart + colon);
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
