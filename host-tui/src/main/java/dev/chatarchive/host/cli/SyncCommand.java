package dev.chatarchive.host.cli;

import dev.chatarchive.host.Host;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncRequest;
import dev.chatarchive.host.sync.BulkResult;
import dev.chatarchive.host.sync.BulkSync;
import dev.chatarchive.host.sync.CancelOnExit;
import dev.chatarchive.host.sync.SyncHandle;
import dev.chatarchive.host.sync.SyncOutcome;
import dev.chatarchive.host.sync.SyncRefusedException;
import dev.chatarchive.host.sync.SyncService;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive sync CHAT [--max N] [--resume | --restart]} and {@code chat-archive sync --all}:
 * runs syncs in the foreground, showing progress, until they stop. Ctrl-C cancels cleanly: a
 * shutdown hook cancels the sync and waits until the checkpoint is recorded as {@code cancelled}.
 */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetch a chat's older history from its provider into the archive, or every chat's with --all.",
                "A first sync starts at the oldest message the archive holds (the newest, when it holds none) and "
                        + "pages back until history ends or --max new messages are stored; Ctrl-C cancels, "
                        + "and --resume continues later from where it stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the history is complete, or --max new messages were stored (with --all: for every chat)",
                "1:the sync failed, was cancelled, stopped on errors, or was refused",
                "2:the command line was wrong", "3:no provider offers the chat",
                "4:the archive is open in another chat-archive"})
final class SyncCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CHAT", description = "The chat's id, or its title when no other chat "
            + "has it, as 'chat-archive chats' lists them.")
    String chatId;

    @Option(names = "--all", description = "Sync every chat (of --provider, or of every provider); complete chats "
            + "are skipped, stopped ones resumed.")
    boolean all;

    @Option(names = "--provider", paramLabel = "ID", description = "With --all: only this provider's chats.")
    String providerId;

    @Option(names = "--max", paramLabel = "N", defaultValue = "" + SyncRequest.MAX_MESSAGES_LIMIT,
            description = "Stop after N new messages (per chat), 1..10000; default ${DEFAULT-VALUE}.")
    int maxMessages;

    @Option(names = "--resume", description = "Continue an interrupted or cancelled sync from where it stopped.")
    boolean resume;

    @Option(names = "--restart", description = "Start the chat's sync over (also after it completed or failed), "
            + "walking back from the newest message.")
    boolean restart;

    @Option(names = "--json", description = "Print progress and the result as JSON lines, for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        checkCommandLine();
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            SyncService service = host.sync();
            if (chatId != null) {
                // A unique title names the chat as well as its id does; a chat the archive does not know yet
                // is looked for among the providers' chats by the engine.
                List<ChatRecord> chats = host.archive().read(session -> session.chats().list());
                chatId = ChatArgument.find(chats, chatId).map(ChatRecord::chatId).orElse(chatId);
            }
            SyncProgressPrinter printer = new SyncProgressPrinter(out, SyncProgressPrinter.formFor(json), titlesOf(host));
            service.addListener(printer);
            return all ? syncAll(service, printer, out) : syncOne(host, printer, out);
        }
    }

    private void checkCommandLine() {
        if (all == (chatId != null)) {
            throw new ParameterException(spec.commandLine(), "Name one chat to sync, or give --all (not both)");
        }
        if (resume && restart) {
            throw new ParameterException(spec.commandLine(), "--resume and --restart cannot be given together");
        }
        if (all && (resume || restart)) {
            throw new ParameterException(spec.commandLine(), "--all resumes stopped chats by itself; "
                    + "--resume and --restart are for one chat");
        }
        if (providerId != null && !all) {
            throw new ParameterException(spec.commandLine(), "--provider goes with --all");
        }
        if (maxMessages < 1 || maxMessages > SyncRequest.MAX_MESSAGES_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--max must be between 1 and "
                    + SyncRequest.MAX_MESSAGES_LIMIT + ", not " + maxMessages);
        }
    }

    private int syncOne(Host host, SyncProgressPrinter printer, PrintWriter out) throws InterruptedException {
        SyncService service = host.sync();
        SyncMode mode = resume ? SyncMode.RESUME : restart ? SyncMode.RESTART : SyncMode.START;
        SyncHandle handle;
        try {
            handle = service.start(chatId, maxMessages, mode, "cli");
        } catch (SyncRefusedException refusal) {
            throw refused(refusal, SyncProgressPrinter.safe(chatId));
        }
        SyncOutcome outcome = CancelOnExit.await(handle::cancel, handle::stopBecausePluginEnded, () -> handle.await(CancelOnExit.GRACE).isPresent(),
                handle::await);
        printer.finishLine();
        if (!json) {
            out.println(SyncProgressPrinter.safe(outcome.describe()) + hint(outcome, chatForCommand(host, outcome.chatId())));
        }
        return exitCode(outcome);
    }

    private int syncAll(SyncService service, SyncProgressPrinter printer, PrintWriter out) throws InterruptedException {
        BulkSync bulk;
        try {
            bulk = service.syncAll(providerId, maxMessages, "cli");
        } catch (SyncRefusedException refusal) {
            throw refused(refusal, "CHAT");
        }
        List<BulkResult> results = CancelOnExit.await(bulk::cancel, bulk::stopBecausePluginEnded, () -> waitUntilDone(bulk), bulk::await);
        printer.finishLine();
        boolean attention = results.stream().anyMatch(BulkResult::needsAttention);
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("event", "bulk_finished");
            summary.put("chats", results.stream().map(SyncCommand::resultJson).toList());
            summary.put("warnings", bulk.warnings());
            out.println(SyncProgressPrinter.toJson(summary));
        } else {
            bulk.warnings().forEach(warning -> out.println(SyncProgressPrinter.safe(warning)));
            if (results.isEmpty()) {
                out.println("There are no chats to sync.");
            }
            for (BulkResult result : results) {
                out.println(SyncProgressPrinter.safe(result.describe()));
            }
            out.println(summary(results, attention));
        }
        return attention ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * One line counting every chat once: complete, stopped at --max (asked for), already complete
     * before (skipped), needing attention. The four add up to the chats.
     */
    static String summary(List<BulkResult> results, boolean attention) {
        long complete = results.stream().filter(BulkResult::complete).count();
        long atLimit = results.stream().filter(BulkResult::stoppedAtLimit).count();
        long skipped = results.stream().filter(result -> result.kind() == BulkResult.Kind.SKIPPED).count();
        long needAttention = results.stream().filter(BulkResult::needsAttention).count();
        return results.size() + (results.size() == 1 ? " chat: " : " chats: ") + complete + " complete, " + atLimit
                + " stopped at --max" + (atLimit > 0 ? " (sync --all again to go on)" : "") + ", " + skipped
                + " already complete, " + needAttention + " need attention"
                + (attention ? " (retry one with: chat-archive sync CHAT --resume, or --restart after a failure)." : ".");
    }

    private static boolean waitUntilDone(BulkSync bulk) throws InterruptedException {
        long deadline = System.nanoTime() + CancelOnExit.GRACE.toNanos();
        while (!bulk.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return bulk.isDone();
    }

    private static Map<String, Object> resultJson(BulkResult result) {
        Map<String, Object> json = result.outcome() != null ? SyncProgressPrinter.outcomeJson(result.outcome())
                : new LinkedHashMap<>(Map.of("chat", result.chatId()));
        json.remove("event");
        json.put("result", result.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (result.reason() != null) {
            json.put("reason", result.reason());
        }
        return json;
    }

    /**
     * The command that goes on from {@code outcome}, exactly: the chat by its title when that names it
     * (else its id), and the location options this command line gave.
     */
    private String hint(SyncOutcome outcome, String chat) {
        String where = root.locationOptions();
        if (outcome.stopReason() == StopReason.DISK_FULL) {
            return " Free some space there, then resume with: chat-archive sync " + chat + " --resume" + where;
        }
        if (outcome.resumable()) {
            return " Continue with: chat-archive sync " + chat + " --resume" + where;
        }
        if (outcome.state() == SyncState.FAILED) {
            return " Once that is fixed, start over with: chat-archive sync " + chat + " --restart" + where;
        }
        return "";
    }

    /** The titles the archive records, for progress lines. */
    static java.util.function.Function<String, java.util.Optional<String>> titlesOf(Host host) {
        return chatId -> host.archive().read(session -> session.chats().find(chatId)).map(ChatRecord::title);
    }

    /** How to name the chat on a command line (its title when unique and typeable); its id if the archive cannot say. */
    static String chatForCommand(Host host, String chatId) {
        try {
            List<ChatRecord> chats = host.archive().read(session -> session.chats().list());
            return chats.stream().filter(chat -> chat.chatId().equals(chatId)).findFirst()
                    .map(chat -> ChatArgument.forCommand(chat, chats)).orElse(SyncProgressPrinter.safe(chatId));
        } catch (RuntimeException unreadable) {
            return SyncProgressPrinter.safe(chatId);
        }
    }

    private static int exitCode(SyncOutcome outcome) {
        boolean done = outcome.state() == SyncState.COMPLETED
                || (outcome.state() == SyncState.INTERRUPTED && (outcome.stopReason() == StopReason.LIMIT_REACHED
                    || outcome.stopReason() == StopReason.SOURCE_EXHAUSTED));
        return done ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static UserFacingException refused(SyncRefusedException refusal, String chat) {
        int code = switch (refusal.why()) {
            case UNKNOWN_CHAT -> ExitCodes.NOT_FOUND;
            case INVALID_REQUEST -> ExitCodes.USAGE;
            default -> ExitCodes.FAILURE;
        };
        String hint = switch (refusal.why()) {
            case COMPLETE, FAILED_BEFORE -> " Command: chat-archive sync " + chat + " --restart";
            case RESUMABLE -> " Command: chat-archive sync " + chat + " --resume (or --restart)";
            default -> "";
        };
        return new UserFacingException(SyncProgressPrinter.safe(refusal.getMessage()) + hint, code, refusal);
    }
}
