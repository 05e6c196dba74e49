package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.progress.WorkProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A provider's steps before a sync starts (opening a backup) go through the same printer as the
 * sync's progress: on a terminal they share the bar's one line, as lines one each, in JSON a "step"
 * object; the provider's text is made safe for the terminal.
 */
class SyncProgressPrinterTest {

    private final StringWriter written = new StringWriter();

    private SyncProgressPrinter printer(SyncProgressPrinter.Form form) {
        return new SyncProgressPrinter(new PrintWriter(written, true), form);
    }

    @Test
    void step_onATerminal_replacesTheLineAndTheNextLineStartsFresh() {
        SyncProgressPrinter printer = printer(SyncProgressPrinter.Form.BAR);

        printer.step("WhatsApp", "msgstore.db.crypt15: decrypting 104 MB, 0%…");
        printer.step("WhatsApp", "msgstore.db.crypt15: decrypting 104 MB, 10%…");
        printer.finishLine();

        assertEquals("\r\u001b[2KWhatsApp: msgstore.db.crypt15: decrypting 104 MB, 0%…"
                + "\r\u001b[2KWhatsApp: msgstore.db.crypt15: decrypting 104 MB, 10%…" + System.lineSeparator(),
                written.toString());
    }

    @Test
    void step_asLines_oneLineEach() {
        SyncProgressPrinter printer = printer(SyncProgressPrinter.Form.LINES);

        printer.step("WhatsApp", "msgstore.db: copying 98 MB to a private working folder…");
        printer.step("WhatsApp", "msgstore.db: reading the list of chats…");

        assertEquals(java.util.List.of("WhatsApp: msgstore.db: copying 98 MB to a private working folder…",
                "WhatsApp: msgstore.db: reading the list of chats…"), written.toString().lines().toList());
    }

    @Test
    void step_inJson_isAStepObject() throws Exception {
        printer(SyncProgressPrinter.Form.JSON).step("WhatsApp", "msgstore.db: reading the list of chats…");

        var json = SyncProgressPrinter.json().readTree(written.toString());
        assertEquals("step", json.get("event").asText());
        assertEquals("WhatsApp", json.get("provider").asText());
        assertEquals("msgstore.db: reading the list of chats…", json.get("text").asText());
    }

    @Test
    void step_textWithEscapeSequences_isMadeSafe() {
        printer(SyncProgressPrinter.Form.LINES).step("Evil\u001b]0;x\u0007", "a\u001b[2Jb\u009b");

        assertFalse(written.toString().contains("\u001b"), written.toString());
        assertFalse(written.toString().contains("\u009b"), written.toString());
        assertTrue(written.toString().endsWith(System.lineSeparator()));
    }

    @Test
    void liveLines_nameTheChatByItsTitle_andJsonKeepsTheIdWithTheTitleBeside() throws Exception {
        java.util.function.Function<String, java.util.Optional<String>> titles =
                chatId -> java.util.Optional.of("Alice Martin");
        SyncProgressPrinter lines = new SyncProgressPrinter(new PrintWriter(written, true), SyncProgressPrinter.Form.LINES,
                titles);
        lines.onSyncEvent(new dev.chatarchive.host.sync.SyncEvent.Started("31611111111@s.whatsapp.net", "r1", true, false,
                false));
        lines.onSyncEvent(new dev.chatarchive.host.sync.SyncEvent.Retrying("31611111111@s.whatsapp.net", 1, 5,
                java.time.Duration.ofSeconds(2), "The phone did not answer."));

        assertEquals(java.util.List.of("Syncing Alice Martin (resuming)...",
                "Alice Martin: The phone did not answer. Trying again in 2 s (attempt 2 of 5)."),
                written.toString().lines().toList());

        StringWriter json = new StringWriter();
        new SyncProgressPrinter(new PrintWriter(json, true), SyncProgressPrinter.Form.JSON, titles)
                .onSyncEvent(new dev.chatarchive.host.sync.SyncEvent.Retrying("31611111111@s.whatsapp.net", 1, 5,
                        java.time.Duration.ofSeconds(2), "The phone did not answer."));
        var event = SyncProgressPrinter.json().readTree(json.toString());
        assertEquals("31611111111@s.whatsapp.net", event.get("chat").asText());
        assertEquals("Alice Martin", event.get("title").asText());
    }

    @Test
    void work_onATerminal_redrawsOneBarLine_likeTheSyncs_andEndsItWhenDone() {
        SyncProgressPrinter printer = printer(SyncProgressPrinter.Form.BAR);
        printer.work(new WorkProgress("chat-archive", "Adopting bridge.db", "copying messages", 0, 200));
        printer.work(new WorkProgress("chat-archive", "Adopting bridge.db", "copying messages", 100, 200));
        printer.work(new WorkProgress("chat-archive", "Adopting bridge.db", "done", 1, 1));
        written.write("next");

        assertEquals("\r\u001b[2Kchat-archive: Adopting bridge.db (copying messages) [------------------------] 0%"
                + "\r\u001b[2Kchat-archive: Adopting bridge.db (copying messages) [############------------] 50%"
                + "\r\u001b[2Kchat-archive: Adopting bridge.db (done) [########################] 100%"
                + System.lineSeparator() + "next", written.toString());
    }

    @Test
    void work_asLines_printsTheStartEachTenthAndTheEnd_only() {
        SyncProgressPrinter printer = printer(SyncProgressPrinter.Form.LINES);
        for (int done = 0; done <= 1000; done++) {
            printer.work(new WorkProgress("opener", "Parsing chat.txt", "", done, 1000));
        }
        printer.work(new WorkProgress("opener", "Indexing chat.txt", "", 0, -1));
        printer.work(new WorkProgress("opener", "Indexing chat.txt", "", 5, -1));

        java.util.List<String> lines = written.toString().lines().toList();
        assertEquals(12, lines.size(), written.toString());
        assertEquals("opener: Parsing chat.txt [------------------------] 0%", lines.get(0));
        assertEquals("opener: Parsing chat.txt [##----------------------] 10%", lines.get(1));
        assertEquals("opener: Parsing chat.txt [########################] 100%", lines.get(10));
        assertEquals("opener: Indexing chat.txt...", lines.get(11));
    }

    @Test
    void work_inJson_isAWorkObject_withTheTextsMadeSafe() throws Exception {
        printer(SyncProgressPrinter.Form.JSON).work(new WorkProgress("whatsapp", "Decrypting \u001b]0;x\u0007a.crypt15",
                "104 MB", 52, 104));

        com.fasterxml.jackson.databind.JsonNode json = SyncProgressPrinter.json().readTree(written.toString());
        assertEquals("work", json.get("event").asText());
        assertEquals("whatsapp", json.get("source").asText());
        assertFalse(json.get("operation").asText().contains("\u001b"), json.toString());
        assertEquals(50, json.get("percent").asInt());
        assertEquals(104, json.get("total").asLong());
    }
}
