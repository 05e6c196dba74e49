package dev.chatarchive.host.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.AttachmentContent;
import dev.chatarchive.host.media.MediaStore.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaStoreTest {

    @TempDir
    Path folder;

    private MediaStore store(long maxSize, Duration stall) {
        return new MediaStore(folder.resolve("media"), maxSize, stall);
    }

    private MediaStore store() {
        return store(1 << 20, Duration.ofSeconds(30));
    }

    @Test
    void aFileIsKeptUnderTheHashOfItsBytesInsideTheStore() throws Exception {
        byte[] bytes = "a photo's bytes".getBytes(StandardCharsets.UTF_8);
        StoredFile file = store().store(AttachmentContent.ofBytes(bytes));

        assertEquals(sha256(bytes), file.sha256());
        assertEquals(bytes.length, file.size());
        Path path = store().pathOf(file.sha256());
        assertEquals(folder.resolve("media").resolve(file.sha256().substring(0, 2)).resolve(file.sha256()), path);
        assertArrayEquals(bytes, Files.readAllBytes(path));
        assertEquals(List.of(path), storedFiles());
    }

    @Test
    void theSameBytesStoredTwiceAreOneFile() throws Exception {
        byte[] bytes = new byte[200_000];
        new java.util.Random(7).nextBytes(bytes);
        MediaStore store = store();
        StoredFile first = store.store(AttachmentContent.ofBytes(bytes));
        StoredFile second = store.store(AttachmentContent.ofBytes(bytes));

        assertEquals(first, second);
        assertEquals(1, storedFiles().size());
        assertTrue(store.find(first.sha256()).isPresent());
    }

    @Test
    void manyThreadsStoringTheSameBytesEndWithOneWholeFile() throws Exception {
        byte[] bytes = new byte[300_000];
        new java.util.Random(11).nextBytes(bytes);
        MediaStore store = store();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredFile>> results = Stream.generate(() -> threads.submit(
                    () -> store.store(AttachmentContent.ofBytes(bytes)))).limit(8).toList();
            for (Future<StoredFile> result : results) {
                assertEquals(sha256(bytes), result.get(30, TimeUnit.SECONDS).sha256());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, storedFiles().size());
        assertArrayEquals(bytes, Files.readAllBytes(store.pathOf(sha256(bytes))));
    }

    @Test
    void aSourceThatFailsHalfWayLeavesNothingBehind() throws Exception {
        AttachmentContent failing = () -> new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 100_000) {
                    return 'x';
                }
                throw new IOException("the zip is truncated");
            }
        };
        IOException e = assertThrows(IOException.class, () -> store().store(failing));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(List.of(), storedFiles());
        assertEquals(List.of(), incoming());
    }

    @Test
    void aSourceThatThrowsSomethingElseIsAFailedReadNotACrash() throws Exception {
        AttachmentContent buggy = () -> {
            throw new IllegalStateException("plugin bug");
        };
        IOException e = assertThrows(IOException.class, () -> store().store(buggy));
        assertTrue(e.getMessage().contains("plugin bug"), e.getMessage());
        assertEquals(List.of(), storedFiles());
    }

    @Test
    void aFileLargerThanTheLimitIsNotKeptWhateverItsSourceDeclared() throws Exception {
        AttachmentContent endless = () -> new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return length;
            }
        };
        IOException e = assertThrows(IOException.class, () -> store(1 << 20, Duration.ofSeconds(30)).store(endless));
        assertTrue(e.getMessage().contains("larger than 1 MiB"), e.getMessage());
        assertEquals(List.of(), storedFiles());
        assertEquals(List.of(), incoming());
    }

    @Test
    void aReadThatStopsMakingProgressIsAbandonedAndItsStreamClosed() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AttachmentContent hanging = () -> new InputStream() {
            private final CountDownLatch never = new CountDownLatch(1);
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 10) {
                    return 'x';
                }
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new IOException("interrupted");
                }
                return -1;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        IOException e = assertThrows(IOException.class, () -> store(1 << 20, Duration.ofMillis(300)).store(hanging));
        assertTrue(e.getMessage().contains("no progress"), e.getMessage());
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the abandoned stream was closed");
        assertEquals(List.of(), storedFiles());
    }

    @Test
    void anInterruptedCallerGetsTheInterruptAndNothingIsKept() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        AttachmentContent slow = () -> new InputStream() {
            @Override
            public int read() throws IOException {
                reading.countDown();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new IOException("interrupted");
                }
                return 'y';
            }
        };
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                reading.await();
                caller.interrupt();
            } catch (InterruptedException ignored) {
                // the test is over
            }
        });
        interrupter.start();
        assertThrows(InterruptedException.class, () -> store().store(slow));
        interrupter.join();
        assertEquals(List.of(), storedFiles());
    }

    @Test
    void onlyHashesNameFiles() {
        MediaStore store = store();
        assertThrows(IllegalArgumentException.class, () -> store.pathOf("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.pathOf("AB".repeat(32)));
        assertFalse(store.find("../x").isPresent());
        assertFalse(MediaStore.isHash(null));
    }

    @Test
    void leftoversOfACrashAreRemovedWhenOld() throws Exception {
        Path incoming = Files.createDirectories(folder.resolve("media").resolve(".incoming"));
        Path old = Files.writeString(incoming.resolve("old.part"), "half");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = Files.writeString(incoming.resolve("fresh.part"), "being written");

        store().removeLeftovers();

        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh), "a file another thread may be writing is left alone");
    }

    private List<Path> storedFiles() throws IOException {
        Path root = folder.resolve("media");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals(".incoming"))
                    .toList();
        }
    }

    private List<Path> incoming() throws IOException {
        Path incoming = folder.resolve("media").resolve(".incoming");
        if (!Files.isDirectory(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            return files.toList();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
