package dev.chatarchive.host.cli;

import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.store.ChatMerge;
import dev.chatarchive.host.store.ChatMerges;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive merge FROM INTO}: moves an imported export's chat onto the real chat of the
 * same conversation (from a phone backup or live mode) without duplicates; see the rule in
 * {@code ChatMerge} and docs/whatsapp-backups.md. {@code merge CHAT CHAT} de-duplicates an export
 * whose settings already name the real chat.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge an exported chat into the real chat of the same conversation: messages the real chat"
                + " already holds (same minute, sender and text) are dropped, the others move over, and the export's"
                + " chat is removed. Give the same chat twice to de-duplicate an export imported under the real id.",
                "Find the ids with: chat-archive chats"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:merged", "2:the command line was wrong, or the chats belong to different providers",
                "3:a chat is not in the archive", "4:the archive is open in another chat-archive"})
final class MergeCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FROM", description = "The export's chat id (for example export-…@s.whatsapp.net).")
    String from;

    @Parameters(index = "1", paramLabel = "INTO", description = "The real chat's id (for example 31612345678@s.whatsapp.net).")
    String into;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            host.archive(); // the merge writes: refuse at once when another chat-archive holds the archive
            Optional<ChatRecord> found = host.chat(from);
            if (found.isEmpty()) {
                Optional<ChatMerges.Merge> earlier = host.archive().read(session -> session.merges().find(from))
                        .filter(merge -> !merge.into().equals(from));
                if (earlier.isPresent() && earlier.get().into().equals(into)) {
                    out.println(TerminalSanitizer.sanitizeLine(from) + " was merged into "
                            + TerminalSanitizer.sanitizeLine(into) + " on "
                            + Timestamps.minute(earlier.get().mergedAt(), host.clock())
                            + " already; its messages are there, and importing it again lands there too.");
                    return ExitCodes.OK;
                }
                if (earlier.isPresent()) {
                    throw new UserFacingException(TerminalSanitizer.sanitizeLine(from) + " was merged into "
                            + TerminalSanitizer.sanitizeLine(earlier.get().into()) + " on "
                            + Timestamps.minute(earlier.get().mergedAt(), host.clock())
                            + "; its messages are there. Merge that chat instead; nothing was merged.",
                            ExitCodes.NOT_FOUND);
                }
                throw notFound(from);
            }
            ChatRecord source = found.get();
            ChatRecord target = host.chat(into).orElseThrow(() -> notFound(into));
            if (!source.providerId().equals(target.providerId())) {
                throw new UserFacingException("Both chats must come from the same provider: "
                        + TerminalSanitizer.sanitizeLine(from) + " is " + source.providerId() + "'s, "
                        + TerminalSanitizer.sanitizeLine(into) + " is " + target.providerId()
                        + "'s. Nothing was merged.", ExitCodes.USAGE);
            }
            ChatMerge.Outcome outcome = host.archive().write(session -> session.merge(from, into));
            String intoTitle = TerminalSanitizer.sanitizeLine(target.title());
            if (from.equals(into)) {
                out.println("De-duplicated \"" + intoTitle + "\": " + outcome.matched()
                        + " exported messages were already there under their real ids and were dropped.");
            } else {
                out.println("Merged \"" + TerminalSanitizer.sanitizeLine(source.title()) + "\" into \"" + intoTitle
                        + "\": " + outcome.matched() + " messages were already there, " + outcome.moved()
                        + " moved over.");
            }
            return ExitCodes.OK;
        }
    }

    private static UserFacingException notFound(String chatId) {
        return new UserFacingException("There is no chat '" + TerminalSanitizer.sanitizeLine(chatId)
                + "' in the archive. Run 'chat-archive chats' to see the chat ids; nothing was merged.",
                ExitCodes.NOT_FOUND);
    }
}
