package dev.chatarchive.host.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line to one file, never to the terminal, with anything untrusted in it made inert
 * ({@link SafeLogLayout}).
 *
 * <p>Why programmatic: the log file's place is decided at run time (the data folder can move with
 * {@code --data-dir}). Logback starts with no appender at all ({@link QuietLogConfigurator}), so anything logged
 * before {@link #start(Path)} is dropped rather than printed over the UI. Libraries that log through
 * {@code java.util.logging} would print to stderr by default; their handlers are replaced by one that
 * forwards to this log.
 */
public final class FileLogging {

    private static final String APPENDER_NAME = "chat-archive-file";

    private FileLogging() {
    }

    /**
     * Logs to {@code logFile} from now on (creating its folder), rolling it over at 10 MB and keeping
     * three old files. Calling it again moves the log.
     *
     * @return false when the log file cannot be written; the log is then dropped, never printed
     */
    public static synchronized boolean start(Path logFile) {
        deferred = null;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            return false;
        }

        SafeLogLayout layout = new SafeLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setFile(logFile.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(logFile + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        routeJavaUtilLogging();
        return true;
    }

    /** Where {@link #startDeferred} holds lines until {@link #keep()}; null when nothing is deferred. */
    private static Deferred deferred;

    /**
     * Logs to memory for now (the last {@value Deferred#LIMIT} lines), and to {@code logFile} from the
     * moment {@link #keep()} is called, with the held lines first. Nothing is made on disk until then,
     * so a command that fails before it made anything leaves no log folder behind.
     */
    public static synchronized void startDeferred(Path logFile) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Deferred held = new Deferred(logFile);
        held.setContext(context);
        held.setName(APPENDER_NAME + "-deferred");
        held.start();
        root.addAppender(held);
        root.setLevel(Level.INFO);
        routeJavaUtilLogging();
        deferred = held;
    }

    /**
     * Writes the lines held by {@link #startDeferred} to the log file and logs there from now on; does
     * nothing when the log already goes to its file.
     *
     * @return false when the log file cannot be written
     */
    public static synchronized boolean keep() {
        Deferred held = deferred;
        if (held == null) {
            return true;
        }
        deferred = null;
        boolean started = start(held.logFile);
        if (started) {
            Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
            held.replayInto(root);
        }
        held.stop();
        return started;
    }

    /** Holds log lines in memory, the newest {@value #LIMIT}, until the log file may be made. */
    private static final class Deferred extends AppenderBase<ILoggingEvent> {
        static final int LIMIT = 5_000;
        private final Path logFile;
        private final java.util.ArrayDeque<ILoggingEvent> events = new java.util.ArrayDeque<>();

        Deferred(Path logFile) {
            this.logFile = logFile;
        }

        @Override
        protected synchronized void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            if (events.size() == LIMIT) {
                events.removeFirst();
            }
            events.addLast(event);
        }

        synchronized void replayInto(Logger root) {
            for (ILoggingEvent event : events) {
                root.iteratorForAppenders().forEachRemaining(appender -> appender.doAppend(event));
            }
            events.clear();
        }
    }

    /** Flushes and closes the log file. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static void routeJavaUtilLogging() {
        LogManager.getLogManager().reset();
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        julRoot.setLevel(java.util.logging.Level.INFO);
        julRoot.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                org.slf4j.Logger target = LoggerFactory.getLogger(record.getLoggerName() == null ? "jul" : record.getLoggerName());
                String message = record.getMessage();
                int level = record.getLevel().intValue();
                if (level >= java.util.logging.Level.SEVERE.intValue()) {
                    target.error(message, record.getThrown());
                } else if (level >= java.util.logging.Level.WARNING.intValue()) {
                    target.warn(message, record.getThrown());
                } else {
                    target.info(message, record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}
