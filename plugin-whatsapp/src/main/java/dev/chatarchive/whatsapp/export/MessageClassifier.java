package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tells what kind of message a body is, from the words WhatsApp writes in exports. Those words are
 * localized and drift between app versions, so the tables here are hints: a body no table knows
 * stays {@link MessageType#TEXT}, and the raw text is always kept by the parser.
 *
 * <p>Two sets of tables. The first version's (English, German, Spanish, Portuguese, French, Italian,
 * Dutch, Russian) decides what goes into a message's id ({@link Classification#idType()},
 * {@link Classification#idContent()}), and never changes: archives hold those ids. The later tables
 * (Arabic, Czech, Hindi, Indonesian, Japanese, Thai, Ukrainian, Vietnamese, European Portuguese, the
 * forms the first version missed in German, French, Italian and Russian, and older iOS forms such as
 * {@code <image omitted>}) refine only what a reader sees: the type, the content, "from me".
 */
final class MessageClassifier {

    /**
     * What a body turned out to be. {@code content} is the body to store (markers removed);
     * {@code idType} and {@code idContent} are what the first version's tables made of it, which the
     * message's id is derived from.
     */
    record Classification(MessageType type, String content, boolean edited, String attachment,
                          boolean system, boolean groupEvent, boolean writtenByMe, MessageType idType,
                          String idContent) {

        Classification(MessageType type, String content, boolean edited, String attachment, boolean system,
                       boolean groupEvent, boolean writtenByMe) {
            this(type, content, edited, attachment, system, groupEvent, writtenByMe, type, content);
        }

        /** This refined reading, keeping the id of {@code first}. */
        Classification keepingIdOf(Classification first) {
            return new Classification(type, content, edited, attachment, system, groupEvent, writtenByMe,
                    first.idType(), first.idContent());
        }
    }

    private static final Set<String> MEDIA_OMITTED = Set.of(
            "<media omitted>", "<medien weggelassen>", "<medien ausgeschlossen>", "<archivo omitido>",
            "<multimedia omitido>", "<mídia omitida>", "<arquivo de mídia oculto>", "<fichier omis>",
            "<médias omis>", "<media omessi>", "<media omesso>", "<media weggelaten>", "<файл пропущен>",
            "<без медиафайлов>", "<медиафайлы отсутствуют>");

    /** iOS "... omitted" bodies, and Android's few typed ones, by the kind they name. */
    private static final List<Object[]> TYPED_OMITTED = List.of(
            new Object[] {MessageType.IMAGE, Set.of("image omitted", "bild weggelassen", "imagen omitida",
                    "imagem ocultada", "imagem omitida", "imagem não revelada", "image absente", "immagine omessa",
                    "afbeelding weggelaten", "изображение отсутствует", "фото отсутствует")},
            new Object[] {MessageType.VIDEO, Set.of("video omitted", "video note omitted", "<video message omitted>",
                    "<video note omitted>", "video weggelassen", "video omitido", "vídeo omitido", "vídeo ocultado",
                    "vidéo absente", "video omesso", "video weggelaten", "видео отсутствует")},
            new Object[] {MessageType.AUDIO, Set.of("audio omitted", "audio weggelassen", "audio omitido",
                    "áudio omitido", "áudio ocultado", "audio absent", "audio omesso", "audio weggelaten",
                    "аудио отсутствует")},
            new Object[] {MessageType.STICKER, Set.of("sticker omitted", "sticker weggelassen", "sticker omitido",
                    "figurinha omitida", "autocollant absent", "sticker omesso", "sticker weggelaten",
                    "стикер отсутствует")},
            new Object[] {MessageType.GIF, Set.of("gif omitted", "gif weggelassen", "gif omitido", "gif absent",
                    "gif omessa", "gif weggelaten", "gif отсутствует")},
            new Object[] {MessageType.CONTACT, Set.of("contact card omitted", "kontaktkarte weggelassen",
                    "tarjeta de contacto omitida", "cartão de contato omitido", "fiche contact absente",
                    "scheda contatto omessa", "contactkaart weggelaten", "карточка контакта отсутствует")});

    /** The last word of every {@link #DOCUMENT_OMITTED} form: a body ending in none of them cannot match it. */
    private static final List<String> DOCUMENT_OMITTED_ENDINGS = List.of("omitted", "weggelassen", "omitido",
            "absent", "omesso", "weggelaten", "отсутствует");

    private static final Pattern DOCUMENT_OMITTED = Pattern.compile(
            "(?i).*\\b(document omitted|dokument weggelassen|documento omitido|document absent|documento omesso"
                    + "|document weggelaten|документ отсутствует)$");

    /** Android with media: "IMG-20220323-WA0002.jpg (file attached)", caption on the next lines. */
    private static final Pattern ANDROID_ATTACHED = Pattern.compile(
            "(?s)^(.+?) \\((?:file attached|Datei angehängt|archivo adjunto|archivo adjuntado|arquivo anexado"
                    + "|fichier joint|file allegato|bestand bijgevoegd|файл добавлен|файл прикреплён)\\)(?:\\n(.*))?$");

    /** iOS with media: "<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>", sometimes after a document title. */
    private static final Pattern IOS_ATTACHED = Pattern.compile(
            "(?s)^(.*?)<(?:attached|Anhang|adjunto|anexo|pièce jointe|allegato|bijlage|вложение|прикреплено)"
                    + " ?: ?([^>\\n]+)>(?:\\n(.*))?$");

    private static final Set<String> DELETED_BY_OTHERS = Set.of(
            "this message was deleted", "message deleted", "diese nachricht wurde gelöscht",
            "este mensaje fue eliminado", "se eliminó este mensaje", "esta mensagem foi apagada",
            "mensagem apagada", "ce message a été supprimé", "questo messaggio è stato eliminato",
            "dit bericht is verwijderd", "данное сообщение удалено", "это сообщение удалено", "сообщение удалено");

    private static final Set<String> DELETED_BY_ME = Set.of(
            "you deleted this message", "you deleted this message for everyone", "du hast diese nachricht gelöscht",
            "eliminaste este mensaje", "você apagou esta mensagem", "vous avez supprimé ce message",
            "hai eliminato questo messaggio", "je hebt dit bericht verwijderd", "вы удалили это сообщение");

    private static final Pattern EDITED = Pattern.compile(
            "(?i)\\s*<(?:this message was edited|diese nachricht wurde bearbeitet|se editó este mensaje"
                    + "|este mensaje fue editado|esta mensagem foi editada|mensagem editada|ce message a été modifié"
                    + "|questo messaggio è stato modificato|dit bericht is bewerkt|сообщение изменено"
                    + "|сообщение было изменено)\\.?>\\s*$");

    private static final Pattern LOCATION = Pattern.compile(
            "(?is)^(?:location|standort|ubicación|localização|localisation|position|posizione|locatie"
                    + "|местоположение|геопозиция) ?: ?(https?://\\S+).*|^(https?://maps\\.google\\.com/\\?q=\\S+)$");

    private static final Pattern LIVE_LOCATION = Pattern.compile(
            "(?i)^(live location shared|live-standort wird geteilt|live-standort geteilt"
                    + "|ubicación en tiempo real compartida|localização em tempo real compartilhada"
                    + "|position en direct partagée|posizione in tempo reale condivisa|live locatie gedeeld"
                    + "|геоданные транслируются)\\.?$");

    /** How {@link #LIVE_LOCATION}'s forms start, lower-cased: a cheap test before the pattern. */
    private static final List<String> LIVE_LOCATION_OPENINGS = List.of("live ", "live-", "ubicación ", "localização ",
            "position ", "posizione ", "геоданные ");

    private static final Pattern POLL = Pattern.compile(
            "(?s)^(?:POLL|UMFRAGE|ENCUESTA|ENQUETE|SONDAGE ?|SONDAGGIO|PEILING|ОПРОС):\\n.*");

    private static final Pattern CALL = Pattern.compile(
            "(?i)^(?:missed (?:group )?(?:voice|video) call|(?:voice|video) call|verpasster (?:gruppen)?(?:sprach|video)anruf"
                    + "|(?:sprach|video)anruf|llamada (?:de voz |de video )?perdida|videollamada perdida"
                    + "|chamada de (?:voz|vídeo) perdida|appel (?:vocal|vidéo) manqué|chiamata (?:vocale|video) persa"
                    + "|gemiste (?:spraak|video)oproep|пропущенный (?:аудио|видео)звонок)\\b.*");

    /** How {@link #CALL}'s forms start, lower-cased: a cheap test before the pattern. */
    private static final List<String> CALL_OPENINGS = List.of("missed ", "voice call", "video call", "verpasster ",
            "sprachanruf", "videoanruf", "llamada ", "videollamada ", "chamada de ", "appel ", "chiamata ", "gemiste ",
            "пропущенный ");

    private static final Set<String> VIEW_ONCE = Set.of("null", "view once message", "view once photo",
            "view once video", "view once voice message");

    /**
     * System events: encryption notices, group membership and settings changes, security codes,
     * number changes, disappearing-message timers. {@code GROUP_EVENTS} is the subset that only a
     * group can have, used to tell groups from 1:1 chats.
     */
    private static final Pattern GROUP_EVENTS = Pattern.compile("(?i).*(?:"
            + "created group|created this group|\\badded\\b|\\bremoved\\b|\\bleft$|\\bleft the group"
            + "|joined using this group's invite link|joined using an invite link|changed the subject"
            + "|changed the group name|changed this group's|changed the group description|now an admin"
            + "|no longer an admin|messages to this group|this group"
            + "|hat die gruppe .* erstellt|hat die gruppe erstellt|hinzugefügt|entfernt|hat die gruppe verlassen"
            + "|ist der gruppe .* beigetreten|betreff geändert|gruppenbeschreibung|jetzt admin"
            + "|creó el grupo|creó este grupo|añadió|te añadió|eliminó a|salió del grupo|\\bsalió\\b|cambió el asunto"
            + "|cambió el nombre del grupo|ahora eres admin|se unió usando el enlace"
            + "|criou o grupo|adicionou|removeu|\\bsaiu\\b|mudou o assunto|mudou o nome do grupo|agora é admin"
            + "|entrou usando o link"
            + "|a créé le groupe|a ajouté|vous a ajouté|a retiré|est parti|est partie|a changé le sujet"
            + "|a modifié le nom du groupe|êtes maintenant admin|a rejoint ce groupe"
            + "|ha creato il gruppo|ha aggiunto|ha rimosso|è uscito|è uscita|ha cambiato l'oggetto"
            + "|ha modificato il nome del gruppo|ora sei un amministratore"
            + "|heeft groep .* aangemaakt|heeft de groep .* aangemaakt|toegevoegd|verwijderd|heeft de groep verlaten"
            + "|onderwerp gewijzigd|bent nu beheerder"
            + "|создал\\(?а?\\)? группу|создал группу|создала группу|добавил|удалил\\(?а?\\)? |вышел|вышла"
            + "|изменил\\(?а?\\)? тему|изменил\\(?а?\\)? название группы|теперь администратор"
            + ").*");

    private static final Pattern SYSTEM_EVENTS = Pattern.compile("(?i).*(?:"
            + "end-to-end encrypted|end-to-end encryption|security code|changed their phone number|changed to \\+"
            + "|disappearing messages|message timer|blocked this contact|unblocked this contact|is a contact"
            + "|business account|tap to learn more|tap to change|learn more"
            + "|ende-zu-ende-verschlüsselt|sicherheitsnummer|sicherheitscode|selbstlöschende nachrichten"
            + "|cifrados de extremo a extremo|código de seguridad|mensajes temporales"
            + "|criptografia de ponta a ponta|código de segurança|mensagens temporárias"
            + "|chiffrés de bout en bout|code de sécurité|messages éphémères"
            + "|crittografia end-to-end|crittografati end-to-end|codice di sicurezza|messaggi effimeri"
            + "|end-to-end versleuteld|beveiligingscode|tijdelijke berichten"
            + "|сквозным шифрованием|код безопасности|исчезающие сообщения"
            + ").*");

    /** Every exact form of the sets above, so that most texts need one lookup to know they are none. */
    private static final Set<String> KNOWN_FORMS = knownForms();
    private static final int LONGEST_KNOWN_FORM = KNOWN_FORMS.stream().mapToInt(String::length).max().orElse(0) + 1;
    /**
     * Stands for the key of a text that no exact form, opening or ending can match: not empty, no
     * form, opening or ending of its own.
     */
    private static final String NO_KEY = "\u0000";
    /** The first characters of the exact forms and of the openings looked for in a key. */
    private static final String KEY_FIRST_CHARS = Stream.of(KNOWN_FORMS, LIVE_LOCATION_OPENINGS, CALL_OPENINGS)
            .flatMap(Collection::stream).filter(form -> !form.isEmpty()).map(form -> String.valueOf(form.charAt(0)))
            .distinct().collect(Collectors.joining());
    /** The last characters of the exact forms and of the endings looked for in a key. */
    private static final String KEY_LAST_CHARS = Stream.of(KNOWN_FORMS, DOCUMENT_OMITTED_ENDINGS)
            .flatMap(Collection::stream).filter(form -> !form.isEmpty())
            .map(form -> String.valueOf(form.charAt(form.length() - 1))).distinct().collect(Collectors.joining());

    /**
     * Whether the lower-case key of {@code text} (not empty) can be an exact form or open or end like
     * one of the forms looked for. {@link String#toLowerCase} turns a first or last character into
     * what {@link Character#toLowerCase(char)} makes of it, except the dotted capital I and sigma (and
     * surrogates, which are characters' halves): those are let through, as is a text of one
     * character and one ending with a dot (the key loses its dot).
     */
    private static boolean mayNeedKey(String text) {
        int length = text.length();
        if (length < 2) {
            return true;
        }
        char first = text.charAt(0);
        char last = text.charAt(length - 1);
        if (unusualCase(first) || unusualCase(last) || last == '.') {
            return true;
        }
        return KEY_FIRST_CHARS.indexOf(Character.toLowerCase(first)) >= 0
                || KEY_LAST_CHARS.indexOf(Character.toLowerCase(last)) >= 0;
    }

    private static boolean unusualCase(char c) {
        return Character.isSurrogate(c) || c == '\u0130' || c == '\u03A3';
    }

    private MessageClassifier() {
    }

    @SuppressWarnings("unchecked")
    private static Set<String> knownForms() {
        Set<String> all = new java.util.HashSet<>();
        all.addAll(MEDIA_OMITTED);
        all.addAll(DELETED_BY_OTHERS);
        all.addAll(DELETED_BY_ME);
        all.addAll(VIEW_ONCE);
        for (Object[] typed : TYPED_OMITTED) {
            all.addAll((Set<String>) typed[1]);
        }
        // A HashSet, not Set.copyOf: its lookups of absent texts were measurably slower on this hot path.
        return all;
    }

    /**
     * Classifies one message. {@code hasAuthor} is false for Android lines with no author (always
     * system events). {@code bodyStartedWithMark} says whether the body began with U+200E before the
     * marks were stripped: iOS writes it before system texts, so it makes an iOS system line of a line
     * that carries the chat's name as its author.
     */
    static Classification classify(String body, boolean hasAuthor, boolean bodyStartedWithMark) {
        return classify(body, hasAuthor, bodyStartedWithMark, bodyStartedWithMark);
    }

    /**
     * As {@link #classify(String, boolean, boolean)}; {@code bodyMarked} also counts a body opening
     * with U+200F (Arabic and Hebrew iOS), which only the later tables look at.
     */
    static Classification classify(String body, boolean hasAuthor, boolean bodyStartedWithMark, boolean bodyMarked) {
        Classification first = firstVersion(body, hasAuthor, bodyStartedWithMark);
        if (first.type() != MessageType.TEXT) {
            return first;
        }
        Classification later = LaterForms.classify(first.content(), first.edited(), bodyMarked);
        return later == null ? first : later.keepingIdOf(first);
    }

    /** The first version's reading, unchanged: message ids are derived from it. */
    private static Classification firstVersion(String body, boolean hasAuthor, boolean bodyStartedWithMark) {
        String text = body.strip();
        boolean edited = false;
        if (text.endsWith(">")) {
            Matcher editMark = EDITED.matcher(text);
            if (editMark.find()) {
                edited = true;
                text = text.substring(0, editMark.start()).strip();
            }
        }
        // Cheap tests guard the costly patterns: most messages are plain text and match none.
        boolean short_ = text.length() < 120;
        boolean angle = text.indexOf('<') >= 0;
        // The lower-case key serves only the exact forms and the gates of short texts (lower-casing never
        // shortens a text, so a longer one cannot be a form), and only a text whose first or last
        // character can open or end one of them needs it: the others skip its cost.
        String key = (short_ || text.length() <= LONGEST_KNOWN_FORM) && mayNeedKey(text)
                ? text.toLowerCase(Locale.ROOT) : NO_KEY;
        String keyNoDot = key.endsWith(".") ? key.substring(0, key.length() - 1) : key;

        if (!hasAuthor) {
            return system(text, GROUP_EVENTS.matcher(text).matches());
        }
        // One lookup in the union of the exact forms spares the ten lookups of a text that is none of them.
        boolean knownForm = key.length() <= LONGEST_KNOWN_FORM
                && (KNOWN_FORMS.contains(key) || KNOWN_FORMS.contains(keyNoDot));
        if (knownForm && DELETED_BY_ME.contains(keyNoDot)) {
            return new Classification(MessageType.DELETED, text, edited, null, false, false, true);
        }
        if (knownForm && DELETED_BY_OTHERS.contains(keyNoDot)) {
            return plain(MessageType.DELETED, text, edited);
        }
        if (bodyStartedWithMark && (GROUP_EVENTS.matcher(text).matches() || SYSTEM_EVENTS.matcher(text).matches())
                && !text.contains("<") && text.length() < 400) {
            return system(text, GROUP_EVENTS.matcher(text).matches());
        }
        if (key.isEmpty() || knownForm && VIEW_ONCE.contains(keyNoDot)) {
            return plain(MessageType.VIEW_ONCE, text, edited);
        }
        // Media without a caption keep WhatsApp's own words ("image omitted") or the file's name as
        // content, so a reader sees what was there; ids treat all media alike whatever the content.
        if (knownForm && angle && MEDIA_OMITTED.contains(key)) {
            return plain(MessageType.MEDIA_OMITTED, text, edited);
        }
        for (Object[] typed : knownForm && short_ ? TYPED_OMITTED : List.<Object[]>of()) {
            @SuppressWarnings("unchecked")
            Set<String> forms = (Set<String>) typed[1];
            if (forms.contains(key)) {
                return plain((MessageType) typed[0], text, edited);
            }
        }
        if (short_ && endsWithAny(key, DOCUMENT_OMITTED_ENDINGS) && DOCUMENT_OMITTED.matcher(text).matches()) {
            return plain(MessageType.DOCUMENT, text, edited);
        }
        Matcher ios = angle ? IOS_ATTACHED.matcher(text) : null;
        if (ios != null && ios.matches()) {
            String name = ios.group(2).strip();
            String caption = join(ios.group(1), ios.group(3));
            return new Classification(typeOfFile(name), caption.isEmpty() ? name : caption, edited, name,
                    false, false, false);
        }
        Matcher android = text.indexOf(" (") > 0 ? ANDROID_ATTACHED.matcher(text) : null;
        if (android != null && android.matches() && !android.group(1).contains("\n")) {
            String name = android.group(1).strip();
            String caption = android.group(2) == null ? "" : android.group(2).strip();
            return new Classification(typeOfFile(name), caption.isEmpty() ? name : caption, edited, name,
                    false, false, false);
        }
        if (short_ && startsWithAny(key, LIVE_LOCATION_OPENINGS) && LIVE_LOCATION.matcher(text).matches()) {
            return plain(MessageType.LIVE_LOCATION, text, edited);
        }
        if (text.contains("http") && LOCATION.matcher(text).matches()) {
            return plain(MessageType.LOCATION, text, edited);
        }
        if (text.indexOf(":\n") > 0 && POLL.matcher(text).matches()) {
            return plain(MessageType.POLL, text, edited);
        }
        if (short_ && startsWithAny(key, CALL_OPENINGS) && !text.contains("\n")
                && CALL.matcher(text).matches()) {
            return plain(MessageType.CALL, text, edited);
        }
        return plain(MessageType.TEXT, text, edited);
    }

    private static boolean endsWithAny(String text, List<String> endings) {
        for (String ending : endings) {
            if (text.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(String text, List<String> openings) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        for (String opening : openings) {
            if (opening.charAt(0) != first) {
                continue;
            }
            if (text.startsWith(opening)) {
                return true;
            }
        }
        return false;
    }

    private static Classification plain(MessageType type, String content, boolean edited) {
        return new Classification(type, content, edited, null, false, false, false);
    }

    private static Classification system(String content, boolean groupEvent) {
        return new Classification(MessageType.SYSTEM, content, false, null, true, groupEvent, false);
    }

    private static String join(String before, String after) {
        String a = before == null ? "" : before.strip();
        String b = after == null ? "" : after.strip();
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "\n" + b;
    }

    /** The kind of an attached file, from WhatsApp's naming (IMG-, PTT-, -PHOTO-) and then its extension. */
    static MessageType typeOfFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("IMG-") || upper.contains("-PHOTO-")) {
            return MessageType.IMAGE;
        }
        if (upper.startsWith("VID-") || upper.contains("-VIDEO-")) {
            return MessageType.VIDEO;
        }
        if (upper.startsWith("PTT-") || upper.startsWith("AUD-") || upper.contains("-AUDIO-")) {
            return MessageType.AUDIO;
        }
        if (upper.startsWith("STK-") || upper.contains("-STICKER-")) {
            return MessageType.STICKER;
        }
        if (upper.contains("-GIF-") || upper.endsWith(".GIF")) {
            return MessageType.GIF;
        }
        int dot = upper.lastIndexOf('.');
        String extension = dot < 0 ? "" : upper.substring(dot + 1);
        return switch (extension) {
            case "JPG", "JPEG", "PNG", "HEIC" -> MessageType.IMAGE;
            case "MP4", "MOV", "3GP" -> MessageType.VIDEO;
            case "OPUS", "OGG", "M4A", "MP3", "AAC", "AMR" -> MessageType.AUDIO;
            case "WEBP" -> MessageType.STICKER;
            case "VCF" -> MessageType.CONTACT;
            default -> MessageType.DOCUMENT;
        };
    }
}
