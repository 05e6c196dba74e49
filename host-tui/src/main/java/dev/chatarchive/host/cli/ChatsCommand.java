package dev.chatarchive.host.cli;

import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive chats}: the archived chats, newest activity first, as a table. Reads the
 * archive without the writer's lock, so it works while the app is open.
 */
@Command(name = "chats", mixinStandardHelpOptions = true,
        description = "List the archived chats: title, id, provider, message count, last activity.")
final class ChatsCommand implements Callable<Integer> {

    private static final int TITLE_WIDTH = 40;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            List<ChatRecord> chats = host.readOnlyArchive().read(session -> session.chats().list());
            if (chats.isEmpty()) {
                out.println("No chats archived yet in " + host.locations().archiveFile() + ".");
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("TITLE", "CHAT ID", "PROVIDER", "MESSAGES", "LAST ACTIVITY");
            List<Integer> rightAligned = List.of(3);
            for (ChatRecord chat : chats) {
                table.add(shorten(TerminalSanitizer.sanitizeLine(chat.title()), TITLE_WIDTH),
                        TerminalSanitizer.sanitizeLine(chat.chatId()),
                        TerminalSanitizer.sanitizeLine(chat.providerId()),
                        Long.toString(chat.messageCount()),
                        chat.lastActivity() == null ? "-" : Timestamps.minute(chat.lastActivity(), host.clock()));
            }
            table.print(out, rightAligned);
            out.println();
            out.println(chats.size() + (chats.size() == 1 ? " chat" : " chats") + ". Show one with: chat-archive messages CHAT_ID");
            return ExitCodes.OK;
        }
    }

    private static String shorten(String text, int width) {
        return text.codePointCount(0, text.length()) <= width ? text
                : text.substring(0, text.offsetByCodePoints(0, width - 1)) + "\u2026";
    }

    /** Columns padded to their widest cell. */
    static final class TextTable {
        private final List<String[]> rows = new ArrayList<>();

        TextTable(String... headings) {
            rows.add(headings);
        }

        void add(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out, List<Integer> rightAligned) {
            int columns = rows.get(0).length;
            int[] widths = new int[columns];
            for (String[] row : rows) {
                for (int column = 0; column < columns; column++) {
                    widths[column] = Math.max(widths[column], row[column].codePointCount(0, row[column].length()));
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int column = 0; column < columns; column++) {
                    String cell = row[column];
                    String padding = " ".repeat(widths[column] - cell.codePointCount(0, cell.length()));
                    line.append(rightAligned.contains(column) ? padding + cell : cell + padding);
                    line.append(column < columns - 1 ? "  " : "");
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
