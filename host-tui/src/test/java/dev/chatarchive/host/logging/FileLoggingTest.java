package dev.chatarchive.host.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FileLoggingTest {

    @TempDir
    Path data;

    /** Gives the other tests their own log configuration back. */
    @AfterEach
    void restoreTestLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void start_sendsLogLinesToTheFileAndNothingToTheTerminal() throws Exception {
        Path logFile = data.resolve("logs").resolve("chat-archive.log");
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            assertTrue(FileLogging.start(logFile));
            LoggerFactory.getLogger("test").warn("a line for the file");
            java.util.logging.Logger.getLogger("some.library").severe("a java.util.logging line");
            FileLogging.stop();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String logged = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(logged.contains("WARN  [main] test - a line for the file"), logged);
        assertTrue(logged.contains("some.library - a java.util.logging line"), logged);
        assertEquals("", terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logLines_neverCarryEscapeSequencesOrControlCharacters_fromAnyPartOfTheEvent() throws Exception {
        Path logFile = data.resolve("logs").resolve("chat-archive.log");
        String hostile = "title\u001b[2J\u001b]0;owned\u0007\u009b31m\u202eevil\rfake";
        assertTrue(FileLogging.start(logFile));
        Thread thread = new Thread(() -> {
            LoggerFactory.getLogger("plugin." + hostile).warn("Provider {} said: {}", hostile,
                    "line one\n2026-01-01 00:00:00.000 ERROR [main] forged - a line that is not one",
                    new IllegalStateException("boom " + hostile));
        }, "plugin-call-" + hostile);
        thread.start();
        thread.join();
        FileLogging.stop();

        String logged = Files.readString(logFile, StandardCharsets.UTF_8);
        for (char forbidden : new char[] {0x1b, 0x07, 0x9b, 0x202e, '\r'}) {
            assertEquals(-1, logged.indexOf(forbidden), "U+" + Integer.toHexString(forbidden) + " reached the log:\n" + logged);
        }
        assertTrue(logged.contains("title\u241b[2J"), logged);
        assertTrue(logged.contains("java.lang.IllegalStateException: boom title\u241b[2J"), logged);
        assertTrue(logged.contains("\n\t2026-01-01 00:00:00.000 ERROR [main] forged"), "a message line break must not "
                + "start a log line of its own:\n" + logged);
        assertEquals(1, logged.lines().filter(line -> line.matches("\\d{4}-\\d\\d-\\d\\d .*")).count(), logged);
    }

    @Test
    void start_whenTheLogFolderCannotBeMade_saysSoAndPrintsNothing() throws Exception {
        Path blocker = Files.writeString(data.resolve("logs"), "a file where the folder should be");

        assertEquals(false, FileLogging.start(blocker.resolve("chat-archive.log")));
    }
}
