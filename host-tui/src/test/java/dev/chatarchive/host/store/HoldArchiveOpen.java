package dev.chatarchive.host.store;

import java.nio.file.Path;
import java.util.List;

/** Run as a separate process by tests: opens an archive, writes one message, says so, and waits to be killed. */
public final class HoldArchiveOpen {

    static final String READY = "HOLDING";

    private HoldArchiveOpen() {
    }

    public static void main(String[] args) throws InterruptedException {
        Archive archive = Archive.open(Path.of(args[0]), ArchiveFixture.CLOCK);
        archive.write(session -> session.messages().insertIfAbsent("whatsapp",
                List.of(ArchiveFixture.message(ArchiveFixture.CHAT, "held", "2024-01-01T10:00:00Z"))));
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
