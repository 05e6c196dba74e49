package dev.chatarchive.host.export;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.media.FileSizes;
import dev.chatarchive.host.media.MimeTypes;
import dev.chatarchive.host.media.SafeNames;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredAttachment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code html} format: a folder that any browser opens offline, also on a phone.
 * <pre>
 *   index.html               the chats, newest activity first, with their sizes
 *   chats/001-book-club.html one page per chat: day separators, senders, events, replies, reactions
 *   media/3fa9…-IMG-1.jpg    copies of the attached files the archive holds (photos shown inline)
 * </pre>
 * Pages are self-contained (styles inline, no script, no font or file from the network), and carry a
 * Content-Security-Policy that allows no script at all, so that even a mistake in escaping could not
 * run one. All text from chats is escaped ({@link Html}); message text sits in {@code dir="auto"}
 * elements, so right-to-left text and stray direction marks stay inside their message.
 */
final class HtmlExporter implements ChatExporter {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

    private final Path folder;
    private final ZoneId zone;
    private final List<String[]> index = new ArrayList<>();
    private final Set<String> copied = new HashSet<>();
    private Writer page;
    private Path pageTemp;
    private Path pagePath;
    private ChatRecord chat;
    private LocalDate day;
    private long messages;

    HtmlExporter(Path folder, ZoneId zone) throws IOException {
        this.folder = folder;
        this.zone = zone;
        Files.createDirectories(folder.resolve("chats"));
        Files.createDirectories(folder.resolve("media"));
    }

    @Override
    public void startChat(ChatRecord chat) throws IOException {
        this.chat = chat;
        this.day = null;
        this.messages = 0;
        String name = String.format(Locale.ROOT, "%03d-%s.html", index.size() + 1, slug(chat.title()));
        pagePath = folder.resolve("chats").resolve(name);
        pageTemp = pagePath.resolveSibling(name + ".part");
        page = Files.newBufferedWriter(pageTemp, StandardCharsets.UTF_8);
        index.add(new String[] {"chats/" + name, chat.title(), chat.chatId(), Long.toString(chat.messageCount()),
                chat.lastActivity() == null ? "" : DATE.format(chat.lastActivity().atZone(zone)),
                chat.group() ? "group" : ""});
        head(page, chat.title(), "../index.html");
        page.write("<header><a class=\"back\" href=\"../index.html\">&larr; All chats</a><h1 dir=\"auto\">"
                + Html.escape(chat.title()) + "</h1><p class=\"sub\">" + Html.escape(chat.providerId()) + " &middot; "
                + chat.messageCount() + (chat.messageCount() == 1 ? " message" : " messages") + "</p></header>\n<main>\n");
    }

    @Override
    public void message(ExportedMessage exported) throws IOException {
        HistoricalMessage message = exported.message();
        ZonedDateTime at = message.timestamp().atZone(zone);
        if (!at.toLocalDate().equals(day)) {
            day = at.toLocalDate();
            page.write("<div class=\"day\" role=\"separator\"><span>" + DAY.format(at) + "</span></div>\n");
        }
        messages++;
        boolean system = message.type() == MessageType.SYSTEM;
        String side = system ? "system" : message.fromMe() ? "me" : "them";
        StringBuilder html = new StringBuilder(256 + message.content().length());
        html.append("<div class=\"msg ").append(side).append("\" id=\"m").append(messages).append("\">");
        if (system) {
            html.append("<div class=\"text\" dir=\"auto\">").append(Html.escape(message.content())).append("</div>")
                    .append("<div class=\"meta\">").append(time(message)).append("</div></div>\n");
            page.write(html.toString());
            return;
        }
        String who = message.fromMe() ? "You" : WhatsAppTextExporter.author(message);
        html.append("<div class=\"who\" dir=\"auto\">").append(Html.escape(who)).append("</div>");
        if (exported.replyTo() != null) {
            html.append("<blockquote class=\"reply\"><b dir=\"auto\">").append(Html.escape(exported.replyTo().sender()))
                    .append("</b><span dir=\"auto\">").append(Html.escape(shortened(exported.replyTo().text())))
                    .append("</span></blockquote>");
        }
        StoredAttachment attachment = exported.attachment();
        String text = message.content();
        if (attachment != null) {
            html.append(file(attachment, exported.file()));
            if (text.strip().equals(attachment.fileName())) {
                text = "";
            }
        }
        if (!text.isEmpty()) {
            html.append("<div class=\"text\" dir=\"auto\">").append(Html.escape(text)).append("</div>");
        }
        html.append("<div class=\"meta\">").append(time(message));
        if (message.type() != MessageType.TEXT && attachment == null && message.type() != MessageType.UNKNOWN) {
            html.append(" &middot; ").append(Html.escape(message.type().wireName().replace('_', ' ')));
        }
        if (message.edited()) {
            html.append(" &middot; edited");
        }
        html.append("</div>");
        if (!exported.reactions().isEmpty()) {
            html.append(reactions(exported.reactions()));
        }
        html.append("</div>\n");
        page.write(html.toString());
    }

    private String time(HistoricalMessage message) {
        return "<time datetime=\"" + JsonLinesExporter.time(message.timestamp()) + "\">"
                + TIME.format(message.timestamp().atZone(zone)) + "</time>";
    }

    private String file(StoredAttachment attachment, Path stored) throws IOException {
        String name = Html.escape(attachment.fileName());
        String size = attachment.size() == null ? "" : " &middot; " + FileSizes.describe(attachment.size());
        if (stored == null) {
            return "<div class=\"file missing\">&#128206; " + name + size + " &middot; not in the archive</div>";
        }
        String href = "../media/" + copy(attachment, stored);
        if (MimeTypes.isPicture(attachment.mimeType())) {
            return "<figure class=\"photo\"><a href=\"" + Html.escape(href) + "\"><img src=\"" + Html.escape(href)
                    + "\" alt=\"" + name + "\" loading=\"lazy\"></a></figure>";
        }
        return "<div class=\"file\"><a href=\"" + Html.escape(href) + "\">&#128206; " + name + "</a>" + size + "</div>";
    }

    /** Copies a stored file into the export's media folder once; its name there. */
    private String copy(StoredAttachment attachment, Path stored) throws IOException {
        String name = attachment.sha256().substring(0, 16) + "-" + SafeNames.fileName(attachment.fileName());
        if (copied.add(name)) {
            Path target = folder.resolve("media").resolve(name);
            if (!Files.isRegularFile(target) || Files.size(target) != Files.size(stored)) {
                Path temp = target.resolveSibling(name + ".part");
                Files.copy(stored, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return name;
    }

    private String reactions(Map<String, String> reactions) {
        Map<String, List<String>> byEmoji = new LinkedHashMap<>();
        reactions.forEach((sender, emoji) -> byEmoji.computeIfAbsent(emoji, e -> new ArrayList<>()).add(sender));
        StringBuilder html = new StringBuilder("<div class=\"reactions\">");
        byEmoji.forEach((emoji, senders) -> html.append("<span title=\"").append(Html.escape(String.join(", ", senders)))
                .append("\">").append(Html.escape(emoji)).append(senders.size() > 1 ? " " + senders.size() : "")
                .append("</span>"));
        return html.append("</div>").toString();
    }

    private static String shortened(String text) {
        String line = text == null ? "" : text.replace('\n', ' ');
        return line.length() > 160 ? line.substring(0, 159) + "\u2026" : line;
    }

    @Override
    public void endChat() throws IOException {
        if (messages == 0) {
            page.write("<p class=\"empty\">No messages archived.</p>\n");
        }
        page.write("</main>\n</body>\n</html>\n");
        page.close();
        page = null;
        Files.move(pageTemp, pagePath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void finish() throws IOException {
        Path indexFile = folder.resolve("index.html");
        Path temp = folder.resolve("index.html.part");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            head(out, "Chats", null);
            out.write("<header><h1>Chats</h1><p class=\"sub\">" + index.size() + (index.size() == 1 ? " chat" : " chats")
                    + ", exported by chat-archive</p></header>\n<main>\n<ul class=\"chats\">\n");
            for (String[] entry : index) {
                out.write("<li><a href=\"" + Html.escape(entry[0]) + "\"><span class=\"title\" dir=\"auto\">"
                        + Html.escape(entry[1]) + "</span><span class=\"sub\">" + entry[3] + " messages"
                        + (entry[4].isEmpty() ? "" : " &middot; " + Html.escape(entry[4]))
                        + (entry[5].isEmpty() ? "" : " &middot; group") + "</span></a></li>\n");
            }
            out.write("</ul>\n</main>\n</body>\n</html>\n");
        }
        Files.move(temp, indexFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        if (page != null) {
            page.close();
            Files.deleteIfExists(pageTemp);
        }
    }

    private static void head(Writer out, String title, String up) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file:; "
                + "media-src 'self' file:; style-src 'unsafe-inline'\">\n"
                + "<meta name=\"generator\" content=\"chat-archive\">\n"
                + "<title>" + Html.escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
    }

    /** A file-name-safe, ASCII version of a chat's title for its page's name. */
    static String slug(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (ascii.length() > 40) {
            ascii = ascii.substring(0, 40).replaceAll("-+$", "");
        }
        return ascii.isEmpty() ? "chat" : ascii;
    }

    private static final String STYLE = """
            :root { color-scheme: light dark; --bg: #f4f1ea; --me: #d9fdd3; --them: #ffffff; --ink: #1b1b1b;
              --soft: #667; --line: #d6d2c8; }
            @media (prefers-color-scheme: dark) { :root { --bg: #111b21; --me: #005c4b; --them: #202c33;
              --ink: #e9edef; --soft: #8696a0; --line: #2a3942; } }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
              font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            header { position: sticky; top: 0; background: var(--bg); border-bottom: 1px solid var(--line);
              padding: .6rem 1rem; z-index: 1; }
            h1 { font-size: 1.2rem; margin: 0; overflow-wrap: anywhere; }
            .sub { color: var(--soft); font-size: .85rem; margin: .1rem 0 0; }
            .back { font-size: .9rem; }
            main { max-width: 46rem; margin: 0 auto; padding: .5rem .6rem 3rem; }
            ul.chats { list-style: none; padding: 0; margin: 0; }
            ul.chats li a { display: block; padding: .7rem .4rem; border-bottom: 1px solid var(--line);
              color: inherit; text-decoration: none; }
            ul.chats .title { display: block; font-weight: 600; overflow-wrap: anywhere; }
            .day { text-align: center; margin: 1rem 0 .5rem; }
            .day span { background: var(--them); color: var(--soft); font-size: .8rem; padding: .2rem .7rem;
              border-radius: 1rem; }
            .msg { max-width: 85%; margin: .25rem 0; padding: .35rem .6rem .3rem; border-radius: .6rem;
              background: var(--them); overflow-wrap: anywhere; box-shadow: 0 1px 1px rgba(0,0,0,.08); }
            .msg.me { margin-left: auto; background: var(--me); }
            .msg.system { max-width: 100%; margin: .4rem auto; text-align: center; background: transparent;
              box-shadow: none; color: var(--soft); font-size: .85rem; }
            .who { font-weight: 600; font-size: .85rem; color: #1f7a6d; }
            .msg.me .who { display: none; }
            .text { white-space: pre-wrap; unicode-bidi: isolate; }
            .meta { color: var(--soft); font-size: .72rem; text-align: right; }
            .msg.system .meta { text-align: center; }
            .reply { margin: .2rem 0; padding: .2rem .5rem; border-left: 3px solid #1f7a6d;
              background: rgba(0,0,0,.05); font-size: .85rem; border-radius: .3rem; }
            .reply b { display: block; font-size: .8rem; }
            .photo { margin: .2rem 0; }
            .photo img { display: block; max-width: 100%; max-height: 24rem; height: auto; border-radius: .4rem; }
            .file { margin: .2rem 0; font-size: .9rem; }
            .file.missing { color: var(--soft); }
            .reactions { margin-top: .15rem; font-size: .9rem; }
            .reactions span { background: var(--bg); border-radius: 1rem; padding: 0 .4rem; margin-right: .2rem; }
            a { color: #027eb5; }
            """;
}
