package dev.chatarchive.host.store;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Run as a separate process by {@link WalCheckpointCrashIT}: stores pages of ten messages into an
 * archive with small WAL checkpoint sizes, forever, and after each commit prints how many messages
 * are committed and what the background checkpoint has done, until it is killed.
 */
public final class WriteUntilKilled {

    static final String COMMITTED = "committed ";
    static final int PAGE = 10;

    private WriteUntilKilled() {
    }

    static String id(int n) {
        return "m" + n;
    }

    public static void main(String[] args) {
        Archive archive = Archive.open(Path.of(args[0]), ArchiveFixture.CLOCK, new WalCheckpointer.Pages(20, 60, 400));
        String text = "x".repeat(1_500);
        for (int first = 0; ; first += PAGE) {
            List<HistoricalMessage> page = new ArrayList<>();
            for (int n = first; n < first + PAGE; n++) {
                page.add(HistoricalMessage.text(id(n), ArchiveFixture.CHAT, "31622222222@s.whatsapp.net", text + n,
                        Instant.parse("2024-01-01T00:00:00Z").plusSeconds(n), false));
            }
            archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));
            WalCheckpointer checkpointer = archive.walCheckpointer();
            System.out.println(COMMITTED + (first + PAGE) + " " + checkpointer.checkpoints() + " " + checkpointer.restarts());
            System.out.flush();
        }
    }
}
