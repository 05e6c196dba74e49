package dev.chatarchive.host.ui;

import com.googlecode.lanterna.SGR;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.media.FileSizes;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.Graphemes;
import dev.chatarchive.host.text.TerminalSanitizer;
import dev.chatarchive.host.text.TextLayout;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays messages out as screen lines for one width, and remembers the result per message until the
 * width changes (a resize re-lays everything out; scrolling lays nothing out twice).
 *
 * <pre>
 * ───────────── Tuesday 12 March 2024 ─────────────
 * 09:14 Alice: Morning! Did you see the message
 *       from Bob?
 * 09:15 You: [photo] the view from here (edited)
 *       · Bob joined the group
 * </pre>
 */
final class MessageLayout {

    private static final String TIME_COLUMN = "      ";
    private static final int MAX_NAME_WIDTH = 24;
    private static final int MAX_CONTENT_CHARS = 20_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);

    private final ZoneId zone;
    private final Map<Long, List<Line>> linesByRowId = new HashMap<>();
    private int width = -1;
    private String otherParty;

    MessageLayout(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The name to show for messages of a one-to-one chat whose sender has no display name (the chat's
     * title), or {@code null} for a group. Changing it forgets every layout.
     */
    void setOtherParty(String name) {
        if (!java.util.Objects.equals(name, otherParty)) {
            otherParty = name;
            linesByRowId.clear();
        }
    }

    /** The message's lines at {@code width}, from the cache when laid out before at this width. */
    List<Line> lines(ChatMessage message, int width, boolean highlighted) {
        if (width != this.width) {
            linesByRowId.clear();
            this.width = width;
        }
        if (highlighted) {
            return layout(message, width, true);
        }
        return linesByRowId.computeIfAbsent(message.rowId(), id -> layout(message, width, false));
    }

    /** Forget the layout of messages that left the window. */
    void forget(ChatMessage message) {
        linesByRowId.remove(message.rowId());
    }

    void clear() {
        linesByRowId.clear();
    }

    int cachedMessages() {
        return linesByRowId.size();
    }

    LocalDate day(ChatMessage message) {
        return message.timestamp().atZone(zone).toLocalDate();
    }

    static Line daySeparator(LocalDate day, int width) {
        String label = " " + DAY.format(day) + " ";
        int side = Math.max(1, (width - DisplayWidth.of(label)) / 2);
        return Line.of("─".repeat(side) + label + "─".repeat(Math.max(1, width - side - DisplayWidth.of(label))),
                Style.DIM);
    }

    private List<Line> layout(ChatMessage message, int width, boolean highlighted) {
        String time = TIME.format(message.timestamp().atZone(zone));
        Style timeStyle = highlighted ? Style.HIGHLIGHT : Style.DIM;
        int textWidth = Math.max(8, width - TIME_COLUMN.length());
        String content = message.content().length() > MAX_CONTENT_CHARS
                ? message.content().substring(0, MAX_CONTENT_CHARS) + " … (" + (message.content().length()
                - MAX_CONTENT_CHARS) + " more characters)"
                : message.content();
        ChatMessage.AttachedFile file = message.attachment();
        if (file != null && content.strip().equals(file.fileName())) {
            content = "";
        }
        String body = TerminalSanitizer.sanitize(content);
        List<Line> lines = new ArrayList<>();
        if (message.type() == MessageType.SYSTEM) {
            List<String> wrapped = TextLayout.wrap("· " + body, textWidth);
            for (int i = 0; i < wrapped.size(); i++) {
                lines.add(new Line.Builder().add(i == 0 ? time + " " : TIME_COLUMN, timeStyle)
                        .add(wrapped.get(i), Style.DIM.with(SGR.ITALIC)).build());
            }
            return lines;
        }
        String name = TextLayout.truncate(MessageLabels.senderLabel(message, otherParty), Math.min(MAX_NAME_WIDTH, textWidth / 2));
        String header = name + ":";
        String marker = MessageLabels.marker(message);
        String text = header + " " + (marker.isEmpty() ? "" : marker + (body.isEmpty() ? "" : " ")) + body
                + (message.edited() ? " (edited)" : "");
        List<String> wrapped = TextLayout.wrap(text, textWidth);
        Style nameStyle = message.fromMe() ? Style.OWN : Style.BOLD;
        Style bodyStyle = message.type() == MessageType.DELETED ? Style.DIM.with(SGR.ITALIC) : Style.PLAIN;
        for (int i = 0; i < wrapped.size(); i++) {
            Line.Builder line = new Line.Builder().add(i == 0 ? time + " " : TIME_COLUMN, timeStyle);
            if (i == 0) {
                String[] split = splitAtWidth(wrapped.get(0), DisplayWidth.of(header));
                line.add(split[0], nameStyle);
                addBody(line, split[1], marker, bodyStyle);
            } else {
                line.add(wrapped.get(i), bodyStyle);
            }
            lines.add(line.build());
        }
        if (file != null) {
            for (String wrappedFile : TextLayout.wrap(fileLine(file), textWidth)) {
                lines.add(new Line.Builder().add(TIME_COLUMN, timeStyle)
                        .add(wrappedFile, file.path() == null ? Style.DIM : Style.ACCENT).build());
            }
        }
        return lines;
    }

    /**
     * An attached file as shown under its message: name, type, size, and whether the archive has it,
     * for example {@code ▪ IMG-1.jpg · image/jpeg · 11 KB}.
     */
    static String fileLine(ChatMessage.AttachedFile file) {
        StringBuilder line = new StringBuilder("\u25aa ").append(TerminalSanitizer.sanitizeLine(file.fileName()));
        if (file.mimeType() != null) {
            line.append(" \u00b7 ").append(TerminalSanitizer.sanitizeLine(file.mimeType()));
        }
        if (file.size() != null) {
            line.append(" \u00b7 ").append(FileSizes.describe(file.size()));
        }
        if (file.path() == null) {
            line.append(" \u00b7 not in the archive");
        }
        return line.toString();
    }

    private static void addBody(Line.Builder line, String text, String marker, Style bodyStyle) {
        if (!marker.isEmpty() && text.startsWith(" " + marker)) {
            line.add(" ", bodyStyle).add(marker, Style.ACCENT).add(text.substring(marker.length() + 1), bodyStyle);
        } else {
            line.add(text, bodyStyle);
        }
    }

    private static String[] splitAtWidth(String text, int columns) {
        int used = 0;
        int index = 0;
        for (String grapheme : Graphemes.split(text)) {
            if (used >= columns) {
                break;
            }
            used += DisplayWidth.ofGrapheme(grapheme);
            index += grapheme.length();
        }
        return new String[] {text.substring(0, index), text.substring(index)};
    }
}
