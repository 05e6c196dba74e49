package dev.chatarchive.host.store;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared test values: a fixed clock and message builders. */
final class ArchiveFixture {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String CHAT = "31611111111@s.whatsapp.net";
    static final String GROUP = "120363000000000001@g.us";

    private ArchiveFixture() {
    }

    static Archive open(Path folder) {
        return Archive.open(folder.resolve("archive.db"), CLOCK);
    }

    static HistoricalMessage message(String chat, String id, String instant) {
        return HistoricalMessage.text(id, chat, "31622222222@s.whatsapp.net", "text of " + id, Instant.parse(instant), false);
    }

    static boolean holds(Archive archive, String chat, String id) {
        return archive.read(session -> session.messages().exists(chat, id));
    }

    static InsertResult insert(Archive archive, HistoricalMessage... messages) {
        return archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(messages)));
    }
}
