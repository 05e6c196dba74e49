package dev.chatarchive.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.MessageSearch;
import dev.chatarchive.host.store.SearchBacklog;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive search QUERY [--chat CHAT] [--limit N] [--json]}: the UI's search from the command
 * line ({@link MessageSearch}: words and prefixes, any case or accent, CJK as substrings), newest
 * first. A read command: it opens the archive read-only, so it works while the app has it open; then
 * it searches what the search index holds, and says on stderr how many messages the index has still
 * to take in (just after an import) when there are any.
 * Message text is untrusted: every field printed is made safe for the terminal, in JSON too (control,
 * C1 and invisible format characters are written as {@code \\uXXXX} escapes, which JSON parsers undo).
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the messages of every chat (or of one), newest first.",
            "Words match in any case and without accents; a word of three letters or more also finds words it "
                + "begins; Chinese, Japanese or Korean text matches anywhere in a message."})
final class SearchCommand implements Callable<Integer> {

    /** Counting stops here: "more than 10000 messages match". */
    static final int COUNT_CAP = 10_000;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "The words to find (all of them must match).")
    List<String> words;

    @Option(names = "--chat", paramLabel = "CHAT", description = "Only this chat (its id, as 'chat-archive chats' shows it).")
    String chatId;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "How many of the newest hits to print, 1 to " + MessagesCommand.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per hit and line, for scripts (fields: see the README).")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MessagesCommand.MAX_LIMIT) {
            throw new UserFacingException("--limit must be between 1 and " + MessagesCommand.MAX_LIMIT + ", not " + limit + ".",
                    ExitCodes.USAGE);
        }
        String query = String.join(" ", words).strip();
        if (query.isEmpty()) {
            throw new UserFacingException("Give the words to search for, for example: chat-archive search tomorrow",
                    ExitCodes.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            // Holding the writer's lock (no app had the archive open, or it was just adopted), this process is the
            // one that indexes: it lets the index catch up first. Read-only, it searches what the index holds.
            host.readOnlyArchive().awaitSearchIndex(ProgressListener.NONE);
            SearchIndexBacklog index = backlog(host.readOnlyArchive());
            if (!index.current()) {
                spec.commandLine().getErr().println(index.sentence());
            }
            ChatRecord chat = chatId == null ? null : host.chat(chatId).orElseThrow(() -> new UserFacingException(
                    "There is no chat '" + TerminalSanitizer.sanitizeLine(chatId) + "' in the archive. Run 'chat-archive chats' "
                            + "to see the chat ids.", ExitCodes.NOT_FOUND));
            List<MessageSearch.Hit> hits = host.readOnlyArchive().read(session ->
                    new MessageSearch(session.handle()).search(query, chatId, limit));
            if (json) {
                for (MessageSearch.Hit hit : hits) {
                    out.println(toJson(hit));
                }
                return ExitCodes.OK;
            }
            out.println(heading(host, query, chat, hits.size()));
            for (MessageSearch.Hit hit : hits) {
                out.println(line(hit, host));
            }
            return ExitCodes.OK;
        }
    }

    /** How far the archive's search index is behind it, for the sentence that says so (search and status). */
    static SearchIndexBacklog backlog(Archive archive) {
        SearchBacklog backlog = archive.searchBacklog();
        return new SearchIndexBacklog(backlog.messages(), backlog.changes(), backlog.building());
    }

    private String heading(Host host, String query, ChatRecord chat, int shown) {
        String quoted = "\"" + TerminalSanitizer.sanitizeLine(query) + "\"";
        if (chat != null) {
            String where = " in " + TerminalSanitizer.sanitizeLine(chat.title()) + " (" + TerminalSanitizer.sanitizeLine(chat.chatId()) + ")";
            return shown == 0 ? "No message" + where + " matches " + quoted + "."
                    : "The newest " + shown + (shown == 1 ? " message" : " messages") + where + " matching " + quoted + ":";
        }
        MessageSearch.Count count = host.readOnlyArchive().read(session -> new MessageSearch(session.handle()).count(query, COUNT_CAP));
        if (shown == 0) {
            return "No message matches " + quoted + ".";
        }
        String total = count.atLeast() ? "more than " + count.hits() : String.valueOf(count.hits());
        return shown == count.hits() && !count.atLeast()
                ? (shown == 1 ? "1 message matches " : "All " + shown + " messages matching ") + quoted + (shown == 1 ? "." : ", newest first:")
                : "The newest " + shown + " of " + total + " messages matching " + quoted + ":";
    }

    /** One hit: time, chat, sender, then the excerpt around the match, on one line. */
    private static String line(MessageSearch.Hit hit, Host host) {
        HistoricalMessage message = hit.message().message();
        return Timestamps.minute(message.timestamp(), host.clock()) + "  " + TerminalSanitizer.sanitizeLine(hit.chatTitle())
                + " · " + sender(message) + ": " + TerminalSanitizer.sanitizeLine(plain(hit.snippet()));
    }

    private static String sender(HistoricalMessage message) {
        if (message.fromMe()) {
            return "me";
        }
        return TerminalSanitizer.sanitizeLine(message.senderName() != null && !message.senderName().isBlank()
                ? message.senderName() : message.sender());
    }

    /** The snippet without its match markers. */
    private static String plain(String snippet) {
        return snippet.replace(MessageSearch.MATCH_START, "").replace(MessageSearch.MATCH_END, "");
    }

    static String toJson(MessageSearch.Hit hit) {
        HistoricalMessage message = hit.message().message();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("chat", message.chatId());
        fields.put("chat_title", hit.chatTitle());
        fields.put("id", message.id());
        fields.put("time", message.timestamp().toString());
        fields.put("sender", message.sender());
        fields.put("sender_name", message.senderName());
        fields.put("from_me", message.fromMe());
        fields.put("type", message.type().wireName());
        fields.put("text", message.content());
        fields.put("snippet", plain(hit.snippet()));
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of plain values always serialise", e);
        }
    }

    /**
     * The terminal-safe JSON writer, made on the first {@code --json} hit: picocli makes this command
     * for every command line, the screen's included, and Jackson's start costs what a first screen cannot spare.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = terminalSafeJson();

        private Json() {
        }

        private static ObjectMapper terminalSafeJson() {
            ObjectMapper mapper = new ObjectMapper();
            mapper.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
            return mapper;
        }
    }

    /**
     * JSON escapes for every character a terminal could act on or hide: C0 and C1 controls, DEL, and
     * invisible format characters (bidi overrides and isolates, zero-width characters, BOM), plus the
     * line and paragraph separators. JSON readers turn them back into the same text.
     */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private final int[] asciiEscapes;

        TerminalSafeEscapes() {
            asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
            asciiEscapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            boolean unsafe = (ch >= 0x80 && ch <= 0x9F) || ch == 0x2028 || ch == 0x2029
                    || Character.getType(ch) == Character.FORMAT;
            return unsafe ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
