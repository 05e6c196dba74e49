package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code chat-archive sync} in a child JVM, killed with SIGKILL in the middle of a
 * sync, then resumed by a second process. The archive must hold whole pages only after the kill, and
 * exactly the chat's history after the resume.
 */
class SyncProcessIT {

    private static final int SIZE = 400;

    @TempDir
    Path home;

    private Path data() {
        return home.resolve("data");
    }

    private Path plugins() {
        return home.resolve("plugins");
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (OS.LINUX.isCurrentOs()) {
            // A test run started in the background by a non-interactive shell (a CI job, nohup ... &) has
            // SIGINT ignored, the child inherits that, and a JVM that starts with SIGINT ignored installs no
            // Ctrl-C handler. A user's terminal gives the default, so the child gets it (GNU env 8.31+).
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.chatarchive.host.app.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--plugins-dir", plugins().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("child-" + System.nanoTime() + ".out").toFile());
        builder.environment().put("CHAT_ARCHIVE_HOME", data().toString());
        return builder.start();
    }

    private <T> T read(java.util.function.Function<dev.chatarchive.host.store.ArchiveSession, T> query) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(query);
        }
    }

    private long held() {
        if (!Files.exists(data().resolve("archive.db"))) {
            return 0;
        }
        try {
            return read(session -> session.messages().count(PagedPlugin.ALPHA));
        } catch (RuntimeException notReadyYet) {
            return 0; // the child is still creating the archive
        }
    }

    @Test
    void syncKilledMidway_resumesInANewProcessToExactlyTheHistory() throws Exception {
        Files.createDirectories(plugins());
        Files.createDirectories(data());
        PagedPlugin.writeTo(plugins());
        Files.writeString(data().resolve("config.properties"), "paged.size=" + SIZE + "\npaged.delay.ms=150\n");

        // given a sync running in its own process, killed once it has stored a few pages
        Process first = start("sync", PagedPlugin.ALPHA);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (held() < 75 && first.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the child stored nothing within a minute");
            Thread.sleep(50);
        }
        assertTrue(first.isAlive(), "the first sync ended before it could be killed");
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));

        // then the archive holds whole pages, counted once, and the checkpoint says it was running
        long afterKill = held();
        SyncCheckpoint killed = read(session -> session.checkpoints().find(PagedPlugin.ALPHA)).orElseThrow();
        assertEquals(SyncState.IN_PROGRESS, killed.status());
        assertEquals(0, afterKill % 25, "only whole pages of 25: " + afterKill);
        assertEquals(afterKill, killed.messagesSynced());
        assertTrue(afterKill < SIZE);

        // when a new process resumes it (--resume is accepted only because the new process's start turned the
        // killed sync from in_progress into interrupted)
        Files.writeString(data().resolve("config.properties"), "paged.size=" + SIZE + "\n");
        Process second = start("sync", PagedPlugin.ALPHA, "--resume");
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the resumed sync did not end");

        // then exactly the history is archived, every message counted once
        assertEquals(ExitCodes.OK, second.exitValue());
        Set<String> expected = new TreeSet<>(IntStream.rangeClosed(1, SIZE).mapToObj(i -> String.format("p%04d", i)).toList());
        List<String> ids = read(session -> session.handle().createQuery("SELECT id FROM messages WHERE chat_jid = :chat")
                .bind("chat", PagedPlugin.ALPHA).mapTo(String.class).list());
        assertEquals(SIZE, ids.size(), "no message stored twice");
        assertEquals(expected, new TreeSet<>(ids));
        SyncCheckpoint resumed = read(session -> session.checkpoints().find(PagedPlugin.ALPHA)).orElseThrow();
        assertEquals(SyncState.COMPLETED, resumed.status());
        assertEquals(SIZE, resumed.messagesSynced());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // sends SIGINT with kill(1)
    void ctrlC_cancelsTheSyncAndRecordsItAsCancelled() throws Exception {
        Files.createDirectories(plugins());
        Files.createDirectories(data());
        PagedPlugin.writeTo(plugins());
        // A second per page: the whole sync takes 16 s, so the signal lands mid-sync even on a loaded machine
        // (at 150 ms a page it could finish in the time a busy CI box takes to start kill(1)).
        Files.writeString(data().resolve("config.properties"), "paged.size=" + SIZE + "\npaged.delay.ms=1000\n");
        Process sync = start("sync", PagedPlugin.ALPHA);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (held() < 25 && sync.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the child stored nothing within a minute");
            Thread.sleep(50);
        }
        assertTrue(sync.isAlive(), "the sync ended before it could be interrupted");

        // SIGINT, as Ctrl-C sends it to the foreground process
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(sync.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(sync.waitFor(30, TimeUnit.SECONDS), "the sync did not end after Ctrl-C");

        SyncCheckpoint cancelled = read(session -> session.checkpoints().find(PagedPlugin.ALPHA)).orElseThrow();
        assertEquals(SyncState.CANCELLED, cancelled.status());
        assertEquals(held(), cancelled.messagesSynced());
    }
}
