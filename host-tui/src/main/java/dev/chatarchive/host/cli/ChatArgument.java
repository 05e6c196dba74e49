package dev.chatarchive.host.cli;

import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.store.ChatRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A chat as the command line names it: by its id, or by its title when no other archived chat has
 * that title ({@code chat-archive messages "Book Club"}); and the other way round, how a sentence
 * should name a chat for the user to type it back.
 */
final class ChatArgument {

    private ChatArgument() {
    }

    /**
     * The archived chat {@code given} names: the chat with that id, else the one chat with that title
     * (exactly, else ignoring case), else empty.
     *
     * @throws UserFacingException when several chats have that title (exit code 2), listing their ids
     */
    static Optional<ChatRecord> find(List<ChatRecord> chats, String given) {
        Optional<ChatRecord> byId = chats.stream().filter(chat -> chat.chatId().equals(given)).findFirst();
        if (byId.isPresent()) {
            return byId;
        }
        List<ChatRecord> exact = chats.stream().filter(chat -> chat.title().equals(given)).toList();
        List<ChatRecord> byTitle = !exact.isEmpty() ? exact : chats.stream()
                .filter(chat -> chat.title().toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT))).toList();
        if (byTitle.size() > 1) {
            throw new UserFacingException(byTitle.size() + " chats are called '" + SyncProgressPrinter.safe(given)
                    + "': " + String.join(", ", byTitle.stream().map(chat -> SyncProgressPrinter.safe(chat.chatId())).toList())
                    + ". Name one by its id.", ExitCodes.USAGE);
        }
        return byTitle.stream().findFirst();
    }

    /**
     * How to name {@code chat} on a command line: its title, quoted for the shell, when no other chat
     * has it and it is plain enough to type; else its id.
     */
    static String forCommand(ChatRecord chat, List<ChatRecord> chats) {
        String title = chat.title();
        boolean unique = chats.stream().filter(other -> other.title().equalsIgnoreCase(title)).count() == 1;
        boolean typeable = !title.isBlank() && title.codePoints().allMatch(c -> Character.isLetterOrDigit(c)
                || " .,_-+()&@!?".indexOf(c) >= 0) && !title.startsWith("-");
        if (!unique || !typeable || title.equals(chat.chatId())) {
            return SyncProgressPrinter.safe(chat.chatId());
        }
        return title.matches("[A-Za-z0-9._@+-]+") ? title : "'" + title + "'";
    }
}
