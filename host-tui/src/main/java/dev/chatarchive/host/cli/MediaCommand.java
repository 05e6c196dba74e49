package dev.chatarchive.host.cli;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.media.FileSizes;
import dev.chatarchive.host.media.MediaStore;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.AttachmentStore.MessageFile;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredAttachment;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive media CHAT [--paths]}: the files attached to a chat's messages, oldest first,
 * with whether the archive holds each (and where). Only reads the archive.
 */
@Command(name = "media", mixinStandardHelpOptions = true,
        description = "List the files attached to a chat's messages (photos, videos, voice notes, documents), oldest first.")
final class MediaCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CHAT", description = "The chat's id as 'chat-archive chats' shows it, or its exact title.")
    String chat;

    @Option(names = "--paths", description = "Print only the stored files' paths, one a line (for scripts).")
    boolean paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            Archive archive = host.readOnlyArchive();
            ChatRecord record = ExportCommand.resolve(archive, List.of(chat)).get(0);
            List<MessageFile> files = archive.read(session -> session.attachments().ofChat(record.chatId()));
            MediaStore media = archive.media();
            if (paths) {
                files.stream().map(MessageFile::attachment).filter(StoredAttachment::isStored)
                        .map(attachment -> media.pathOf(attachment.sha256())).distinct()
                        .forEach(path -> out.println(path));
                return ExitCodes.OK;
            }
            String title = TerminalSanitizer.sanitizeLine(record.title()) + " ("
                    + TerminalSanitizer.sanitizeLine(record.chatId()) + ")";
            if (files.isEmpty()) {
                out.println(title + ": no attached files.");
                return ExitCodes.OK;
            }
            long stored = files.stream().filter(file -> file.attachment().isStored()).count();
            out.println(title + ": " + files.size() + (files.size() == 1 ? " attached file, " : " attached files, ")
                    + stored + " stored in " + TerminalSanitizer.sanitizeLine(media.root().toString()) + ".");
            out.println();
            ChatsCommand.TextTable table = new ChatsCommand.TextTable("SENT", "FROM", "TYPE", "SIZE", "FILE", "STORED");
            for (MessageFile file : files) {
                HistoricalMessage message = file.message().message();
                StoredAttachment attachment = file.attachment();
                String who = message.fromMe() ? "me"
                        : message.senderName() != null ? message.senderName() : message.sender();
                boolean there = attachment.isStored() && media.find(attachment.sha256()).isPresent();
                table.add(Timestamps.minute(message.timestamp(), host.clock()),
                        shorten(TerminalSanitizer.sanitizeLine(who), 24),
                        message.type().wireName(),
                        attachment.size() == null ? "-" : FileSizes.describe(attachment.size()),
                        TerminalSanitizer.sanitizeLine(attachment.fileName()),
                        there ? attachment.sha256().substring(0, 12) : attachment.isStored() ? "missing" : "no");
            }
            table.print(out, List.of(3));
            out.println();
            out.println(stored == files.size() ? "Every file is stored. Their paths: chat-archive media CHAT --paths"
                    : (files.size() - stored) + " of them are known by name only: import the chat's export made "
                    + "\"with media\" to add them.");
            return ExitCodes.OK;
        }
    }

    private static String shorten(String text, int width) {
        return text.codePointCount(0, text.length()) <= width ? text
                : text.substring(0, text.offsetByCodePoints(0, width - 1)) + "\u2026";
    }
}
