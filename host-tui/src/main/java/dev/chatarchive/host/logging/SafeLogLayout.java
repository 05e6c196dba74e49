package dev.chatarchive.host.logging;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The log file's line: {@code 2026-01-02 10:00:00.123 INFO  [thread] logger - message}, then the stack
 * trace if any. Everything in it that does not come from our own code (plugin names and settings,
 * a sidecar's output, a chat title in a message, an exception's message) is made inert with the
 * {@link TerminalSanitizer}: an escape sequence shows as {@code ␛[2J} and cannot act on the terminal of
 * whoever reads the log with {@code cat} or {@code tail -f}. A line break inside a message continues on
 * an indented line, so no text can pass itself off as a log line of its own.
 */
final class SafeLogLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(36);

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(" [").append(TerminalSanitizer.sanitizeLine(event.getThreadName())).append("] ");
        line.append(TerminalSanitizer.sanitizeLine(abbreviator.abbreviate(String.valueOf(event.getLoggerName()))));
        line.append(" - ").append(indented(event.getFormattedMessage())).append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(indented(ThrowableProxyUtil.asString(thrown))).append('\n');
        }
        return line.toString();
    }

    /** Every line of {@code text} made safe; lines after the first indented by a tab. */
    static String indented(String text) {
        String safe = TerminalSanitizer.sanitize(text == null ? "null" : text);
        return String.join("\n\t", safe.split("\n", -1)).stripTrailing();
    }
}
