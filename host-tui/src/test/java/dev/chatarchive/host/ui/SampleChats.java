package dev.chatarchive.host.ui;

import dev.chatarchive.host.store.SearchIndexChecks;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A small archive of chats like a user has: a friend, a family group, some hostile and some CJK text. */
final class SampleChats {

    static final Instant NOW = Instant.parse("2026-06-01T18:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ALICE = "31611111111@s.whatsapp.net";
    static final String FAMILY = "120363000000000001@g.us";
    static final String MALLORY = "31633333333@s.whatsapp.net";
    static final String LI = "8613800000000@s.whatsapp.net";
    static final String LONG = "31644444444@s.whatsapp.net";

    private SampleChats() {
    }

    static Archive create(Path folder) {
        Archive archive = Archive.open(folder.resolve("archive.db"), CLOCK);
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(ALICE, "Alice", false, null, null));
            session.chats().upsert("whatsapp", new ChatDescription(FAMILY, "Family 👨‍👩‍👧", true, null, null));
            session.chats().upsert("whatsapp", new ChatDescription(MALLORY, "Mallory\u001b[2J", false, null, null));
            session.chats().upsert("whatsapp", new ChatDescription(LI, "李雷", false, null, null));
            session.chats().upsert("whatsapp", new ChatDescription(LONG, "Long chat", false, null, null));
            session.messages().insertIfAbsent("whatsapp", List.of(
                    text("a1", ALICE, ALICE, "Alice", "Are we still on for Saturday?", "2026-05-30T09:14:00Z", false),
                    text("a2", ALICE, "me", null, "Yes! Café at ten?", "2026-05-30T09:15:00Z", true),
                    new HistoricalMessage("a3", ALICE, ALICE, "Alice", "the view from here", Instant.parse("2026-05-31T10:02:00Z"),
                            false, MessageType.IMAGE, false, null),
                    new HistoricalMessage("a4", ALICE, ALICE, "Alice", "See you there 👍🏽", Instant.parse("2026-05-31T10:03:00Z"),
                            false, MessageType.TEXT, true, null),
                    new HistoricalMessage("a5", ALICE, ALICE, "Alice", "This message was deleted", Instant.parse("2026-05-31T10:04:00Z"),
                            false, MessageType.DELETED, false, null)));
            session.messages().insertIfAbsent("whatsapp", List.of(
                    new HistoricalMessage("f1", FAMILY, "31655555555@s.whatsapp.net", null, "Bob joined using this group's invite link",
                            Instant.parse("2026-05-28T08:00:00Z"), false, MessageType.SYSTEM, false, null),
                    text("f2", FAMILY, "31655555555@s.whatsapp.net", "Bob", "Dinner on Sunday, everyone?", "2026-05-28T08:01:00Z", false),
                    text("f3", FAMILY, "31666666666@s.whatsapp.net", "Mum", "Привет всем! Only if Bob cooks 😄", "2026-05-28T08:05:00Z", false)));
            session.messages().insertIfAbsent("whatsapp", List.of(
                    text("m1", MALLORY, MALLORY, "Mallory\u202E", "\u001b[31mred alert\u001b[0m\u0007 \u001b]0;owned\u0007 \u009b2J done",
                            "2026-05-20T12:00:00Z", false)));
            session.messages().insertIfAbsent("whatsapp", List.of(
                    text("l1", LI, LI, "李雷", "你好，我们明天在北京见面吧", "2026-05-10T07:00:00Z", false)));
            List<HistoricalMessage> many = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                many.add(text(String.format("n%03d", i), LONG, LONG, "Nora", "message number " + i,
                        Instant.parse("2026-04-01T00:00:00Z").plusSeconds(3600L * i).toString(), false));
            }
            session.messages().insertIfAbsent("whatsapp", many);
            return null;
        });
        SearchIndexChecks.current(archive); // the tests search what they stored
        return archive;
    }

    static HistoricalMessage text(String id, String chat, String sender, String name, String content, String at, boolean fromMe) {
        return new HistoricalMessage(id, chat, sender, name, content, Instant.parse(at), fromMe, MessageType.TEXT, false, null);
    }
}
