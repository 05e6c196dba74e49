package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PagingDirection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The words WhatsApp writes in the languages the first version did not know, and the forms it missed:
 * they change what a reader sees (type, "from me", system lines), never a message's id; and a system
 * line in any language never makes the chat's own name a person of the chat.
 */
class LanguagesTest {

    @TempDir
    Path temp;

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("cs", "\u200Eobrázek vynechán", MessageType.IMAGE),
                Arguments.of("cs", "\u200Enálepka vynechána", MessageType.STICKER),
                Arguments.of("cs", "\u200ETato zpráva byla smazána.", MessageType.DELETED),
                Arguments.of("cs", "<Média vynechány>", MessageType.MEDIA_OMITTED),
                Arguments.of("cs", "\u200EPoloha: https://maps.google.com/?q=50.08,14.42", MessageType.LOCATION),
                Arguments.of("hi", "\u200Eफ़ोटो हटाई गई", MessageType.IMAGE),
                Arguments.of("hi", "\u200Eस्टिकर छोड़ा गया", MessageType.STICKER),
                Arguments.of("id", "\u200Egambar tidak disertakan", MessageType.IMAGE),
                Arguments.of("id", "\u200EKartu kontak tidak disertakan", MessageType.CONTACT),
                Arguments.of("id", "\u200E<terlampir: 00000012-PHOTO-2022-03-27-21-41-55.jpg>", MessageType.IMAGE),
                Arguments.of("ja", "\u200E画像は含まれていません", MessageType.IMAGE),
                Arguments.of("ja", "\u200Eこのメッセージは削除されました。", MessageType.DELETED),
                Arguments.of("th", "\u200Eไม่มีรูปภาพ", MessageType.IMAGE),
                Arguments.of("th", "\u200Eละเว้น GIF", MessageType.GIF),
                Arguments.of("uk", "\u200Eзображення відсутнє", MessageType.IMAGE),
                Arguments.of("uk", "\u200EНаклейку не додано", MessageType.STICKER),
                Arguments.of("pt-PT", "\u200Eficheiro de áudio não revelado", MessageType.AUDIO),
                Arguments.of("pt-PT", "\u200EContacto não revelado", MessageType.CONTACT),
                Arguments.of("vi", "\u200Eđã bỏ qua hình ảnh", MessageType.IMAGE),
                Arguments.of("ar", "\u200Fلم يتم إدراج الصورة", MessageType.IMAGE),
                Arguments.of("de", "\u200EKontaktkarte ausgelassen", MessageType.CONTACT),
                Arguments.of("de", "<angehängt: 00000013-AUDIO-2022-03-27-21-41-55.opus>", MessageType.AUDIO),
                Arguments.of("fr", "\u200Esticker omis", MessageType.STICKER),
                Arguments.of("fr", "\u200EGIF retiré", MessageType.GIF),
                Arguments.of("fr", "\u200EFiche contact manquante", MessageType.CONTACT),
                Arguments.of("it", "\u200Esticker non incluso", MessageType.STICKER),
                Arguments.of("it", "\u200EGIF esclusa", MessageType.GIF),
                Arguments.of("ru", "\u200Eстикер не добавлен", MessageType.STICKER),
                Arguments.of("ru", "\u200Eаудиофайл отсутствует", MessageType.AUDIO),
                Arguments.of("en, older iOS", "<image omitted>", MessageType.IMAGE),
                Arguments.of("en, older iOS", "<audio omitted>", MessageType.AUDIO),
                Arguments.of("cs, Android", "IMG-20220323-WA0002.jpg (soubor byl přiložen)", MessageType.IMAGE));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bodies")
    void classify_laterLanguages_tellTheTypeButKeepTheIdOfTheText(String language, String body, MessageType type)
            throws Exception {
        ParsedMessage message = ParsedTranscript.of("[3/27/22, 21:41:55] Dmitry: " + body + "\n").only();

        assertEquals(type, message.type(), language);
        String text = InvisibleMarks.strip(body).strip();
        String firstVersionId = new MessageIds().next(LocalDateTime.parse("2022-03-27T21:41:55"), MessageType.TEXT,
                text);
        assertEquals(firstVersionId, message.id(), "the id stays the first version's: archives hold it");
    }

    @Test
    void youDeletedThisMessage_inTheLaterLanguages_makesItsAuthorTheUser() throws Exception {
        for (String body : List.of("Tuto zprávu jste smazal/a.", "Anda menghapus pesan ini.", "このメッセージを削除しました。",
                "Ви видалили це повідомлення.", "Apagou esta mensagem.", "Вы удалили данное сообщение.")) {
            ParsedTranscript parsed = ParsedTranscript.of("[3/27/22, 21:41:55] Dmitry: \u200E" + body + "\n"
                    + "[3/27/22, 21:42:00] Elon: ok\n");

            assertEquals(MessageType.DELETED, parsed.messages().get(0).type(), body);
            assertEquals(java.util.Set.of("Dmitry"), parsed.summary().selfAuthors(), body);
        }
    }

    @Test
    void encryptionNoticeInALaterLanguage_isASystemLine() throws Exception {
        ParsedMessage message = ParsedTranscript.of("[3/18/22, 14:56:01] Elon: \u200EZprávy a hovory jsou opatřeny"
                + " koncovým šifrováním. Nikdo mimo tento chat je nemůže číst.\n").only();

        assertTrue(message.system());
        assertEquals(MessageType.SYSTEM, message.type());
    }

    /** An iOS group export in a language no table knows: every system line carries the group's name. */
    private static final String UNKNOWN_LANGUAGE_GROUP = """
            [3/18/22, 14:56:01] Hiking Club: \u200Eçok dilli sistem satırı
            [3/18/22, 14:56:02] Hiking Club: \u200EAyşe grubu oluşturdu
            [3/18/22, 14:57:00] Ayşe: merhaba
            [3/18/22, 14:58:00] Mehmet: selam
            [3/18/22, 14:59:00] Hiking Club: \u200EMehmet katıldı
            [3/19/22, 09:00:00] Ayşe: günaydın
            """;

    @Test
    void systemLinesInAnUnknownLanguage_neverMakeTheChatsNameAPerson() throws Exception {
        ExportSummary summary = ParsedTranscript.of(UNKNOWN_LANGUAGE_GROUP).summary();

        assertEquals(List.of("Ayşe", "Mehmet"), List.copyOf(summary.authors().keySet()));
        assertEquals(3L, summary.systemAuthors().get("Hiking Club"));
    }

    @Test
    void systemLinesInAnUnknownLanguage_reachTheArchiveAsTheChatsEvents() throws Exception {
        Path file = Files.writeString(temp.resolve("_chat.txt"), UNKNOWN_LANGUAGE_GROUP, StandardCharsets.UTF_8);
        ExportHistorySource source = new ExportHistorySource();
        source.start(TestContext.amsterdam(temp.resolve("data")));

        ChatDescription chat = source.importSource(file).get(0);
        List<HistoricalMessage> messages = source.fetchHistory(new HistoryRequest(chat.chatId(), PagingDirection.OLDER,
                null, 50)).messages();

        assertTrue(chat.group(), "a name that only speaks on system lines beside two people is a group");
        assertEquals("Hiking Club", chat.title());
        HistoricalMessage first = messages.stream().filter(m -> m.content().contains("sistem")).findFirst().orElseThrow();
        assertEquals("system", first.sender());
        assertEquals(MessageType.SYSTEM, first.type());
        assertNull(first.senderName());
        assertFalse(messages.stream().anyMatch(m -> "Hiking Club".equals(m.senderName())));
    }
}
