package dev.chatarchive.whatsapp.export;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evidence a careful reader weighs when a file's numbers alone do not tell day-first from
 * month-first ({@link DateOrderEvidence} found no impossible date and no difference in
 * chronology on the file's main layout). Gathered in a pass of its own, over every header of the
 * file's layout class, so the common case never pays for it. In the order it is applied:
 * <ol>
 *   <li>the first version's rules again, over all the layouts of the file's class (a hand-edited
 *       line in 12-hour time may hold the only day above 12);
 *   <li>which of the two numbers ever changes: when only one does, it is the day (a chat of one month);
 *   <li>attachment names that carry a date ({@code IMG-20241201-WA0001.jpg},
 *       {@code 00000003-PHOTO-2024-01-13-10-02-00.jpg}): the reading under which they fall on the day of
 *       their message;
 *   <li>separators: dots or dashes with four-digit years are day-first in every WhatsApp locale;
 *   <li>language: the file's name, its system and media lines, and meridiem words written by phones
 *       that put the day first (German, Spanish, Portuguese, French, Italian, Dutch, Russian, ...;
 *       lower-case {@code am}/{@code pm} and {@code a.m.} are not written by United States phones);
 *   <li>zero padding: {@code 03/02/17} or {@code 11/01/2023}; the phones that put the month first
 *       (United States settings) write {@code 3/2/17}. Of 238 exports in other parsers' test suites
 *       whose dates settle the order, 218 of the 220 that pad are day-first, and the two month-first
 *       ones also write unpadded dates.
 * </ol>
 * When none of them tells, the file is a true tie and the parser refuses it with the way out.
 */
final class DateOrderTieBreak {

    private static final Pattern ANDROID_MEDIA_DATE = Pattern.compile("\\b[A-Z]{3}-(\\d{4})(\\d{2})(\\d{2})-WA\\d");
    private static final Pattern IOS_MEDIA_DATE =
            Pattern.compile("\\b\\d{8}-[A-Z]+-(\\d{4})-(\\d{2})-(\\d{2})-\\d{2}-\\d{2}-\\d{2}");

    /** Words of system and media lines that only day-first languages write, lower-case. */
    private static final String[] DAY_FIRST_WORDS = {
            // German
            "<medien ausgeschlossen>", "<medien weggelassen>", "nachrichten und anrufe sind ende-zu-ende",
            "hat die gruppe", "hat dich hinzugefügt", "bild weggelassen", "diese nachricht wurde gelöscht",
            "(datei angehängt)", "<anhang:",
            // Spanish
            "<multimedia omitido>", "<archivo omitido>", "los mensajes y las llamadas", "imagen omitida",
            "este mensaje fue eliminado", "se eliminó este mensaje", "(archivo adjunto)", "creó el grupo",
            "te añadió",
            // Portuguese
            "<mídia oculta>", "<mídia omitida>", "<arquivo de mídia oculto>", "as mensagens e as chamadas",
            "imagem ocultada", "imagem omitida", "esta mensagem foi apagada", "(arquivo anexado)", "criou o grupo",
            // French
            "<médias omis>", "<fichier omis>", "les messages et les appels", "image absente",
            "ce message a été supprimé", "(fichier joint)", "a créé le groupe", "vous a ajouté",
            // Italian
            "<media omessi>", "<media omesso>", "i messaggi e le chiamate", "immagine omessa",
            "questo messaggio è stato eliminato", "(file allegato)", "ha creato il gruppo", "ti ha aggiunto",
            // Dutch
            "<media weggelaten>", "berichten en gesprekken", "afbeelding weggelaten", "dit bericht is verwijderd",
            "(bestand bijgevoegd)", "heeft je toegevoegd",
            // Russian
            "<без медиафайлов>", "<файл пропущен>", "сообщения и звонки", "изображение отсутствует",
            "данное сообщение удалено", "(файл добавлен)", "создал(а) группу", "добавил(а) вас"};

    private final DateOrderEvidence classEvidence = new DateOrderEvidence();
    private int firstSeen = -1;
    private int secondSeen = -1;
    private boolean firstChanges;
    private boolean secondChanges;
    private long dayFirstAttachments;
    private long monthFirstAttachments;
    private long dayFirstWords;
    /** Whether a day or month below 10 was ever written with two digits. */
    private boolean zeroPadded;

    /** Adds one header of the file's layout class; {@code line} is the line with marks stripped. */
    void add(HeaderGrammar.RawHeader header, String line) {
        if (!header.hasValidTime()) {
            return;
        }
        classEvidence.add(header);
        HeaderGrammar.WrittenDate date = header.date();
        if (firstSeen < 0) {
            firstSeen = date.first();
            secondSeen = date.second();
        }
        zeroPadded |= date.first() < 10 && date.firstDigits() == 2 || date.second() < 10 && date.secondDigits() == 2;
        firstChanges |= date.first() != firstSeen;
        secondChanges |= date.second() != secondSeen;
        String rest = header.rest();
        if (rest.indexOf("-WA") > 0 || rest.indexOf("-20") > 0) {
            attachmentDate(rest).ifPresent(fileDate -> {
                if (fileDate.equals(DateOrder.DAY_MONTH_YEAR.resolve(date))) {
                    dayFirstAttachments++;
                }
                if (fileDate.equals(DateOrder.MONTH_DAY_YEAR.resolve(date))) {
                    monthFirstAttachments++;
                }
            });
        }
        String lower = line.toLowerCase(Locale.ROOT);
        String head = lower.substring(0, Math.min(header.restStart(), lower.length()));
        if (header.meridiem() != 0 && writtenByDayFirstPhone(head, line.substring(0, head.length()))) {
            dayFirstWords++;
        }
        if (lower.indexOf('<') >= 0 || lower.indexOf('(') >= 0 || lower.length() - head.length() > 20) {
            for (String words : DAY_FIRST_WORDS) {
                if (lower.indexOf(words, head.length()) >= 0) {
                    dayFirstWords++;
                    break;
                }
            }
        }
    }

    /**
     * Whether a header's meridiem is written the way phones of day-first places write it: a day period
     * ({@code de la tarde}), {@code a. m.}, {@code a.m.}, or lower-case {@code am}/{@code pm} (United
     * States phones write {@code AM}).
     */
    private static boolean writtenByDayFirstPhone(String lowerHead, String head) {
        if (lowerHead.contains("a. m") || lowerHead.contains("p. m") || lowerHead.contains("a.\u00A0m")
                || lowerHead.contains("p.\u00A0m") || lowerHead.contains("a.m") || lowerHead.contains("p.m")) {
            return true;
        }
        if (head.contains("am") || head.contains("pm")) {
            return true;
        }
        for (String period : new String[] {"de la ", "da ", "du ", "di ", "del ", "morgens", "abends", "nachts",
                "mittags", "in the ", "at night"}) {
            if (lowerHead.contains(period)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<LocalDate> attachmentDate(String rest) {
        for (Pattern pattern : new Pattern[] {ANDROID_MEDIA_DATE, IOS_MEDIA_DATE}) {
            Matcher m = pattern.matcher(rest);
            if (m.find()) {
                try {
                    return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3))));
                } catch (java.time.DateTimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** A decision and the evidence that made it, for the log. */
    record Decision(DateOrder order, String because) {
    }

    /** The order the weaker evidence settles, or empty for a true tie. */
    Optional<Decision> decide(HeaderGrammar.Layout primary, String fileNameLanguage) {
        Optional<DateOrder> numbers = classEvidence.decide();
        if (numbers.isPresent()) {
            return Optional.of(new Decision(numbers.get(), "the dates of all its message lines"));
        }
        if (firstChanges != secondChanges) {
            return Optional.of(new Decision(firstChanges ? DateOrder.DAY_MONTH_YEAR : DateOrder.MONTH_DAY_YEAR,
                    "only one of the two numbers ever changes, and that is the day"));
        }
        if (dayFirstAttachments != monthFirstAttachments) {
            return Optional.of(new Decision(dayFirstAttachments > monthFirstAttachments ? DateOrder.DAY_MONTH_YEAR
                    : DateOrder.MONTH_DAY_YEAR, "the dates in its attachments' names"));
        }
        if ((primary.dateSeparator() == '.' || primary.dateSeparator() == '-') && primary.yearDigits() == 4) {
            return Optional.of(new Decision(DateOrder.DAY_MONTH_YEAR,
                    "dates written with dots or dashes and four-digit years are day-first"));
        }
        if (fileNameLanguage != null || dayFirstWords > 0) {
            return Optional.of(new Decision(DateOrder.DAY_MONTH_YEAR,
                    "its language is written by phones that put the day first"));
        }
        if (zeroPadded) {
            return Optional.of(new Decision(DateOrder.DAY_MONTH_YEAR,
                    "it pads days or months with a zero, which phones that put the month first never do"));
        }
        return Optional.empty();
    }
}
