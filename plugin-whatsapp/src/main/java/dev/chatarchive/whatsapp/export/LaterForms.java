package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words WhatsApp writes that {@link MessageClassifier}'s first tables do not know: more languages
 * (Arabic, Czech, Hindi, Indonesian, Japanese, Thai, Ukrainian, Vietnamese, European Portuguese), the
 * forms the first tables missed in German, French, Italian, Russian and Spanish, and older iOS forms
 * ({@code <image omitted>}). Only for bodies the first tables read as plain text; what they decide
 * changes the type and content a reader sees, never a message's id.
 */
final class LaterForms {

    private LaterForms() {
    }

    /** Media left out of the export, by kind, lower-case, without a final dot (or Japanese full stop). */
    private static final Map<String, MessageType> OMITTED = omitted();

    private static Map<String, MessageType> omitted() {
        Map<String, MessageType> forms = new java.util.HashMap<>();
        put(forms, MessageType.MEDIA_OMITTED, "<média vynechány>", "<média vynechána>", "<media tidak disertakan>",
                "<multimedia omitted>", "<media skipped>", "<medya atlanmış>", "<медіафайли пропущено>",
                "<mídia oculta>");
        put(forms, MessageType.IMAGE, "<image omitted>", "obrázek vynechán", "फ़ोटो हटाई गई", "gambar tidak disertakan",
                "画像は含まれていません", "ไม่มีรูปภาพ", "зображення відсутнє", "đã bỏ qua hình ảnh",
                "لم يتم إدراج الصورة");
        put(forms, MessageType.VIDEO, "<video omitted>", "video vynecháno", "वीडियो छोड़ा गया", "video tidak disertakan",
                "ビデオは含まれていません", "วิดีโอถูกลบ", "відео відсутнє", "vídeo não revelado", "đã bỏ video",
                "لم يتم إدراج الفيديوهات");
        put(forms, MessageType.AUDIO, "<audio omitted>", "zvukový soubor vynechán", "ऑडियो हटाई गयी",
                "audio tidak disertakan", "音声は含まれていません", "ไม่มีไฟล์เสียง", "аудіо відсутнє",
                "ficheiro de áudio não revelado", "bỏ qua tệp âm thanh", "audio omis", "аудиофайл отсутствует",
                "لم يتم إدراج المقاطع الصوتية");
        put(forms, MessageType.CONTACT, "<contact card omitted>", "vizitka vynechána", "कॉन्टैक्ट कार्ड छोड़ा गया",
                "kartu kontak tidak disertakan", "連絡先カードを省略", "บัตรรายชื่อที่ละเว้น", "картка контакту відсутня",
                "contacto não revelado", "bỏ qua thẻ liên lạc", "kontaktkarte ausgelassen", "fiche contact manquante",
                "لم يتم إدراج بطاقة جهة اتصال");
        put(forms, MessageType.STICKER, "<sticker omitted>", "nálepka vynechána", "स्टिकर छोड़ा गया",
                "stiker tidak disertakan", "スタンプは含まれていません", "ไม่มีสติกเกอร์", "наклейку не додано",
                "sticker não revelado", "đã bỏ sticker", "sticker omis", "sticker non incluso", "стикер не добавлен",
                "تم حذف الملصقات");
        put(forms, MessageType.GIF, "<gif omitted>", "gif vynechán", "gif छोड़ा गया", "gif tidak disertakan",
                "gifは含まれていません", "ละเว้น gif", "gif-анімацію пропущено", "gif não revelada", "đã bỏ qua ảnh gif",
                "gif retiré", "gif esclusa", "لم يتم إدراج صورة gif");
        return Map.copyOf(forms);
    }

    private static void put(Map<String, MessageType> forms, MessageType type, String... words) {
        for (String word : words) {
            forms.put(word, type);
        }
    }

    /** "This message was deleted", lower-case, without a final dot. */
    private static final Set<String> DELETED_BY_OTHERS = Set.of("tato zpráva byla smazána",
            "यह मैसेज डिलीट कर दिया गया है", "pesan ini dihapus", "pesan ini telah dihapus", "このメッセージは削除されました",
            "ข้อความนี้ถูกลบแล้ว", "це повідомлення було видалено", "tin nhắn này đã bị xóa", "bu mesaj silindi",
            "تم حذف هذه الرسالة");

    /** "You deleted this message": only the user sees it, so its author is the user. */
    private static final Set<String> DELETED_BY_ME = Set.of("tuto zprávu jste smazal/a", "आपने यह मैसेज डिलीट किया",
            "anda menghapus pesan ini", "このメッセージを削除しました", "คุณได้ลบข้อความนี้", "ви видалили це повідомлення",
            "apagou esta mensagem", "bạn đã xoá tin nhắn này", "bạn đã xóa tin nhắn này", "вы удалили данное сообщение",
            "bu mesajı sildiniz", "لقد حذَفت هذه الرسالة", "لقد حذفت هذه الرسالة");

    /** A document left out: "Some file.txt • 3 pages document omitted" in the later languages. */
    private static final Pattern DOCUMENT_OMITTED = Pattern.compile(
            "(?s).*(?:dokument vynechán|dokumen tidak disertakan|документ відсутній|documento não revelado"
                    + "|لم يتم إدراج المستند|書類は含まれていません|ไม่มีเอกสาร|tài liệu đã bị bỏ qua"
                    + "|दस्तावेज़ छोड़ा गया)\\.?$");

    /** iOS with media, in the later languages: "<terlampir: 00000035-PHOTO-….jpg>". */
    private static final Pattern IOS_ATTACHED = Pattern.compile(
            "(?s)^(.*?)<(?:terlampir|angehängt|přiloženo|додано|đính kèm|添付ファイル|แนบ) ?: ?([^>\\n]+)>(?:\\n(.*))?$");

    /** Android with media, in the later languages: "IMG-….jpg (soubor byl přiložen)". */
    private static final Pattern ANDROID_ATTACHED = Pattern.compile(
            "(?s)^([^\\n]+?) \\((?:soubor byl přiložen|soubor přiložen|file terlampir|dosya ekli|файл прикріплено"
                    + "|arquivo anexado|ficheiro anexado)\\)(?:\\n(.*))?$");

    private static final Pattern LOCATION = Pattern.compile(
            "(?is)^(?:poloha|लोकेशन|lokasi|位置情報|ตำแหน่งที่ตั้ง|розташування|vị trí|موقع|konum) ?[:：] ?(https?://\\S+).*");

    /** iOS system lines (after U+200E or U+200F) in the later languages: encryption notices, security codes. */
    private static final Pattern SYSTEM = Pattern.compile("(?i).*(?:"
            + "koncovým šifrováním|bezpečnostní kód|एंड-टू-एंड एन्क्रिप्टेड|सुरक्षा कोड|terenkripsi secara end-to-end"
            + "|kode keamanan|エンドツーエンド暗号化|セキュリティコード|เข้ารหัสจากต้นทางถึงปลายทาง|รหัสความปลอดภัย"
            + "|наскрізним шифруванням|код безпеки|encriptadas ponto a ponto|código de segurança|mã hóa đầu cuối"
            + "|mã bảo mật|مشفرة تمام|رمز الأمان|uçtan uca şifreli|güvenlik kodu"
            + ").*");

    private static final List<String> CHEAP_SYSTEM_GATES = List.of("šifr", "kód", "एन्क्रिप्ट", "कोड", "end-to-end",
            "keamanan", "暗号化", "セキュリティ", "เข้ารหัส", "ความปลอดภัย", "шифрув", "безпеки", "encriptadas", "segurança",
            "mã hóa", "bảo mật", "مشفرة", "الأمان", "şifreli", "güvenlik");

    /**
     * What the later tables make of a body the first tables read as text ({@code text}: stripped, the
     * edit mark removed), or {@code null} when they do not know it either.
     */
    static MessageClassifier.Classification classify(String text, boolean edited, boolean bodyMarked) {
        int length = text.length();
        if (length == 0) {
            return null;
        }
        // Cheap tests first: nearly every message is plain text that none of the forms below can be.
        if (length <= LONGEST_FORM && mayBeForm(text)) {
            String key = text.toLowerCase(Locale.ROOT);
            String keyNoDot = key.endsWith(".") || key.endsWith("\u3002") ? key.substring(0, key.length() - 1) : key;
            if (DELETED_BY_ME.contains(keyNoDot)) {
                return new MessageClassifier.Classification(MessageType.DELETED, text, edited, null, false, false,
                        true);
            }
            if (DELETED_BY_OTHERS.contains(keyNoDot)) {
                return plain(MessageType.DELETED, text, edited);
            }
            MessageType omitted = OMITTED.get(keyNoDot);
            if (omitted != null) {
                return plain(omitted, text, edited);
            }
        }
        if (bodyMarked && length < 400) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (hasSystemGate(lower) && SYSTEM.matcher(text).matches()) {
                return new MessageClassifier.Classification(MessageType.SYSTEM, text, false, null, true, false, false);
            }
        }
        if (length < 200 && endsWithDocumentWord(text) && DOCUMENT_OMITTED.matcher(text).matches()) {
            return plain(MessageType.DOCUMENT, text, edited);
        }
        if (text.indexOf('<') >= 0) {
            Matcher ios = IOS_ATTACHED.matcher(text);
            if (ios.matches()) {
                String name = ios.group(2).strip();
                String caption = join(ios.group(1), ios.group(3));
                return new MessageClassifier.Classification(MessageClassifier.typeOfFile(name),
                        caption.isEmpty() ? name : caption, edited, name, false, false, false);
            }
        }
        if (text.indexOf(" (") > 0 && text.indexOf(')') > 0) {
            Matcher android = ANDROID_ATTACHED.matcher(text);
            if (android.matches()) {
                String name = android.group(1).strip();
                String caption = android.group(2) == null ? "" : android.group(2).strip();
                return new MessageClassifier.Classification(MessageClassifier.typeOfFile(name),
                        caption.isEmpty() ? name : caption, edited, name, false, false, false);
            }
        }
        if (text.contains("http") && LOCATION.matcher(text).matches()) {
            return plain(MessageType.LOCATION, text, edited);
        }
        return null;
    }

    /** The longest exact form of the tables above, plus a final dot. */
    private static final int LONGEST_FORM = java.util.stream.Stream.of(OMITTED.keySet(), DELETED_BY_ME,
            DELETED_BY_OTHERS).flatMap(Set::stream).mapToInt(String::length).max().orElse(0) + 1;

    /** The first characters of the exact forms above: a key starting with none of them is none of them. */
    private static final String FORM_FIRST_CHARS = java.util.stream.Stream.of(OMITTED.keySet(), DELETED_BY_ME,
            DELETED_BY_OTHERS).flatMap(Set::stream).filter(form -> !form.isEmpty())
            .map(form -> String.valueOf(form.charAt(0))).distinct().collect(java.util.stream.Collectors.joining());

    /**
     * Whether {@code text} (not empty) can lower-case into one of the exact forms: its first character
     * lower-cases alone ({@link String#toLowerCase} changes the first character as {@link
     * Character#toLowerCase(char)} does, the dotted capital I and sigma included, which are let through
     * all the same), so a text whose lowered first character starts no form is no form. Spares the
     * lower-casing of nearly every short message.
     */
    private static boolean mayBeForm(String text) {
        char first = text.charAt(0);
        return text.length() < 2 || Character.isSurrogate(first) || first == '\u0130' || first == '\u03A3'
                || FORM_FIRST_CHARS.indexOf(Character.toLowerCase(first)) >= 0;
    }

    /** The last words of {@link #DOCUMENT_OMITTED}'s forms, without the final dot. */
    private static final List<String> DOCUMENT_ENDINGS = List.of("vynechán", "disertakan", "відсутній", "revelado",
            "المستند", "ません", "ไม่มีเอกสาร", "bỏ qua", "गया");

    /**
     * The last characters of {@link #DOCUMENT_ENDINGS}, case-folded as {@link #folded} does: a text
     * whose last character (before a dot) folds to none of them ends with none of the endings, since
     * {@link String#regionMatches(boolean, int, String, int, int)} matches two characters only when
     * they are equal or their upper or lower cases are, which folds them alike.
     */
    private static final String DOCUMENT_ENDING_LAST_CHARS = DOCUMENT_ENDINGS.stream()
            .map(ending -> String.valueOf(folded(ending.charAt(ending.length() - 1))))
            .collect(java.util.stream.Collectors.joining());

    private static char folded(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private static boolean endsWithDocumentWord(String text) {
        int end = text.endsWith(".") ? text.length() - 1 : text.length();
        if (end == 0 || DOCUMENT_ENDING_LAST_CHARS.indexOf(folded(text.charAt(end - 1))) < 0) {
            return false;
        }
        for (String ending : DOCUMENT_ENDINGS) {
            if (end >= ending.length() && text.regionMatches(true, end - ending.length(), ending, 0, ending.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSystemGate(String lower) {
        for (String gate : CHEAP_SYSTEM_GATES) {
            if (lower.contains(gate)) {
                return true;
            }
        }
        return false;
    }

    private static MessageClassifier.Classification plain(MessageType type, String content, boolean edited) {
        return new MessageClassifier.Classification(type, content, edited, null, false, false, false);
    }

    private static String join(String before, String after) {
        String a = before == null ? "" : before.strip();
        String b = after == null ? "" : after.strip();
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "\n" + b;
    }
}
