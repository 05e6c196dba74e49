package dev.chatarchive.host.cli;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredMessage;
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
 * {@code chat-archive messages CHAT [--limit N]}: the newest messages of a chat, oldest first. Message
 * text is untrusted: every line is made safe for the terminal before it is printed.
 */
@Command(name = "messages", mixinStandardHelpOptions = true,
        description = "Print the newest messages of a chat, oldest first.")
final class MessagesCommand implements Callable<Integer> {

    /** The most a single command prints; the same bound as a sync request's max_messages. */
    static final int MAX_LIMIT = 10_000;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CHAT", description = "The chat's id or its title (when no other chat has it), as "
            + "'chat-archive chats' shows them.")
    String chatId;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "How many of the newest messages to print, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UserFacingException("--limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".", ExitCodes.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            List<ChatRecord> chats = host.readOnlyArchive().read(session -> session.chats().list());
            ChatRecord chat = ChatArgument.find(chats, chatId).orElseThrow(() -> new UserFacingException("There is no chat '"
                    + TerminalSanitizer.sanitizeLine(chatId) + "' in the archive. Run 'chat-archive chats' to see the chats' "
                    + "titles and ids.", ExitCodes.NOT_FOUND));
            List<StoredMessage> messages = host.readOnlyArchive().read(session -> session.messages()
                    .newestPage(chat.chatId(), limit));
            out.println(TerminalSanitizer.sanitizeLine(chat.title()) + " (" + TerminalSanitizer.sanitizeLine(chat.chatId())
                    + "): " + describeCount(messages.size(), chat.messageCount()));
            for (StoredMessage stored : messages) {
                print(out, stored.message(), host);
            }
            return ExitCodes.OK;
        }
    }

    private static String describeCount(int shown, long total) {
        if (total == 0) {
            return "no messages archived yet.";
        }
        return shown == total ? "all " + total + (total == 1 ? " message." : " messages.")
                : "the newest " + shown + " of " + total + " messages.";
    }

    /** One message: time and sender, then its text; continuation lines indented under the text. */
    private static void print(PrintWriter out, HistoricalMessage message, Host host) {
        String who = message.fromMe() ? "me"
                : TerminalSanitizer.sanitizeLine(message.senderName() != null ? message.senderName() : message.sender());
        String head = Timestamps.minute(message.timestamp(), host.clock()) + "  " + who + ": ";
        String[] lines = TerminalSanitizer.sanitize(message.content()).split("\n", -1);
        out.println(head + lines[0]);
        String indent = " ".repeat(18);
        for (int i = 1; i < lines.length; i++) {
            out.println(indent + lines[i]);
        }
    }
}
