package dev.chatarchive.whatsapp.export;

import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who an export's chat is: its id, title, kind, and which author is the archive's owner. Exports name
 * none of these, so each is decided by the first rule that applies (the user's word always first).
 * Every rule reads only the file (its name and content) and the user's settings, with names in sorted
 * order, so the same file gives the same chat in every run, process and machine; nothing another
 * export says can move a chat.
 *
 * <p><b>Title</b>: the properties file's {@code title}; the name in WhatsApp's file name ("WhatsApp Chat with
 * Alice"); the name iOS puts on system lines (the most frequent, then the first in alphabetical order);
 * in a 1:1 chat, the other person when "me" is known, the one author when only one writes, the one
 * shown as a phone number of two, both names ("Alice & Bob", sorted) when two write and neither is
 * known to be the user; the file's name.
 *
 * <p><b>Group</b>: the properties file's {@code group}; any group-only event (created group, added, left,
 * joined by link, subject changed, admin); more than two people writing; on iOS, a name on system
 * lines that never writes itself plus at least two people who do. Otherwise 1:1.
 *
 * <p><b>Me</b>: names in the properties file's {@code me}, then in the {@code exports.me} setting; the author
 * of "You deleted this message"; in a 1:1 chat named after one of its two authors, the other one.
 * Otherwise nobody is "me" in the chat's identity. (The one author common to the exports of several
 * chats may still mark messages as the user's, {@link ExportHistorySource}, but never moves a chat.)
 *
 * <p><b>Chat id</b>: the properties file's {@code jid}; for a 1:1 chat whose other person appears as a phone
 * number, that number's JID; otherwise {@link WhatsAppJid#forExportChat(String, boolean)} of the title,
 * which never collides with a real JID.
 *
 * @param chatId the chat's id
 * @param title  the chat's name
 * @param group  whether it is a group
 * @param me     the author who is the user, or {@code null} when unknown
 */
record ExportChatIdentity(String chatId, String title, boolean group, String me) {

    static ExportChatIdentity decide(String fileName, Optional<String> fileTitle, ExportSummary summary,
                                     ExportProperties properties, ExportSettings settings) {
        Map<String, Long> authors = summary.authors();
        boolean group = properties.group() != null ? properties.group() : looksLikeGroup(summary);
        Optional<String> titleHint = Optional.ofNullable(properties.title()).or(() -> fileTitle)
                .or(() -> mostFrequent(summary.systemAuthors()));
        String me = findMe(properties, settings, summary, titleHint, group);
        String title = titleHint
                .or(() -> group ? Optional.empty() : titleOfOneToOne(authors.keySet(), me))
                .orElse(stripExtension(fileName));
        String chatId = properties.jid() != null ? properties.jid() : realJid(group, title, authors.keySet(), me)
                .orElseGet(() -> WhatsAppJid.forExportChat(title, group));
        return new ExportChatIdentity(chatId, title, group, me);
    }

    /** A 1:1 chat's title from its authors (sorted): the other person, the one author, or both names. */
    private static Optional<String> titleOfOneToOne(Set<String> authors, String me) {
        List<String> others = authors.stream().filter(a -> !a.equals(me)).sorted().toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        if (others.size() == 1 || me != null) {
            return Optional.of(others.get(0));
        }
        // Your own messages carry your name, never your number: a number among two authors is the other person.
        List<String> numbers = others.stream().filter(a -> WhatsAppJid.fromPhoneNumber(a).isPresent()).toList();
        if (others.size() == 2 && numbers.size() == 1) {
            return Optional.of(numbers.get(0));
        }
        return Optional.of(String.join(" & ", others));
    }

    private static boolean looksLikeGroup(ExportSummary summary) {
        if (summary.groupEvents() > 0 || summary.manyAuthors() || summary.authors().size() > 2) {
            return true;
        }
        boolean silentSystemAuthor = summary.systemAuthors().keySet().stream()
                .anyMatch(name -> !summary.authors().containsKey(name));
        return silentSystemAuthor && summary.authors().size() >= 2;
    }

    private static String findMe(ExportProperties properties, ExportSettings settings, ExportSummary summary,
                                 Optional<String> title, boolean group) {
        for (Set<String> names : List.of(properties.me(), settings.meNames())) {
            for (String author : summary.authors().keySet()) {
                if (names.stream().anyMatch(name -> sameName(name, author))) {
                    return author;
                }
            }
        }
        if (summary.selfAuthors().size() == 1) {
            return summary.selfAuthors().iterator().next();
        }
        if (!group && title.isPresent() && summary.authors().size() == 2) {
            List<String> others = summary.authors().keySet().stream()
                    .filter(author -> !sameName(author, title.get())).toList();
            if (others.size() == 1) {
                return others.get(0);
            }
        }
        return null;
    }

    private static Optional<String> realJid(boolean group, String title, Set<String> authors, String me) {
        if (group) {
            return Optional.empty();
        }
        Optional<String> fromTitle = WhatsAppJid.fromPhoneNumber(title);
        if (fromTitle.isPresent()) {
            return fromTitle;
        }
        List<String> others = authors.stream().filter(a -> !a.equals(me)).sorted().toList();
        if (me != null && others.size() == 1) {
            return WhatsAppJid.fromPhoneNumber(others.get(0));
        }
        // With "me" unknown, of two authors the one shown as a number is the other person: your own
        // messages carry your name, never your number.
        List<String> numbers = authors.stream().filter(a -> WhatsAppJid.fromPhoneNumber(a).isPresent()).sorted().toList();
        if (me == null && authors.size() == 2 && numbers.size() == 1) {
            return WhatsAppJid.fromPhoneNumber(numbers.get(0));
        }
        return Optional.empty();
    }

    static boolean sameName(String a, String b) {
        return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
    }

    /** The name with the highest count; of equal counts, the first in alphabetical order. */
    private static Optional<String> mostFrequent(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .min(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
