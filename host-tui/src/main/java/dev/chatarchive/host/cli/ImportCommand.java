package dev.chatarchive.host.cli;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.progress.ProgressThrottle;
import dev.chatarchive.host.progress.WorkProgress;
import dev.chatarchive.host.sync.SourceImport;
import dev.chatarchive.host.sync.SyncOutcome;
import dev.chatarchive.host.sync.SyncRefusedException;
import dev.chatarchive.host.sync.SyncService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive import FILE...}: registers chat exports with the provider that reads them and
 * syncs their chats into the archive, through the engine's {@link SourceImport}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import chat history into the archive: WhatsApp's \"Export chat\" .txt or .zip files, an Android"
                + " backup (msgstore.db or msgstore.db.crypt12/14/15), an iPhone ChatStorage.sqlite or an unencrypted"
                + " iPhone backup folder.",
                "Each file is remembered as a source and its chat synced until complete; importing a file again, "
                        + "or a newer export of the same chat, stores only what is new."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was imported and its chats are complete (however many runs of 10,000 that took)",
                "1:a file could not be imported, or a chat's sync did not complete",
                "2:the command line was wrong", "3:a named file does not exist",
                "4:the archive is open in another chat-archive"})
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files, backups or backup folders to import.")
    List<Path> files;

    @Option(names = "--key", paramLabel = "K", description = {"The key of an encrypted Android backup: the 64-digit"
            + " key WhatsApp showed when you turned on end-to-end encrypted backup (crypt15), or the path of a key"
            + " file (encrypted_backup.key for crypt15, 'key' for crypt12/crypt14). Without it, a key file beside"
            + " the backup is used. Never stored."})
    String key;

    @Option(names = "--contacts", paramLabel = "WA_DB", description = {"Android's contacts database (wa.db), for"
            + " contact names; without it, a wa.db beside the backup is used."})
    Path contacts;

    @Option(names = "--date-order", paramLabel = "O", description = {"How to read the dates of an export whose dates"
            + " cannot be told apart (a one-day chat written 12/9/20): day-month-year, month-day-year or"
            + " year-month-day. Remembered for the file."})
    String dateOrder;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (files.stream().noneMatch(Files::exists)) {
            // Nothing to import: say so without making an archive (or anything else) first.
            files.forEach(file -> out.println("'" + SyncProgressPrinter.safe(file.toString()) + "' does not exist."));
            out.println("Imported 0 of " + files.size() + (files.size() == 1 ? " file" : " files") + " completely (0 chats).");
            return ExitCodes.NOT_FOUND;
        }
        try (Host host = root.openHost()) {
            List<SourceImport.FileResult> results;
            // What providers say while they read the files (lines that could not be read, messages dated in
            // the future) is printed with the file it concerns.
            Queue<String> said = new ConcurrentLinkedQueue<>();
            try (AutoCloseable listening = host.events().subscribe(published -> {
                if (published.event() instanceof ProviderEvent.Notice notice && notice.warning()) {
                    said.add(notice.message());
                }
            })) {
                results = importPrinting(host, out, () -> {
                    try {
                        host.events().awaitDelivered(NOTICE_WAIT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    String sentence;
                    while ((sentence = said.poll()) != null) {
                        out.println(SyncProgressPrinter.safe(sentence));
                    }
                });
            }
            long fine = results.stream().filter(SourceImport.FileResult::fine).count();
            long chats = results.stream().mapToLong(result -> result.chats().size()).sum();
            out.println("Imported " + fine + " of " + results.size() + (results.size() == 1 ? " file" : " files")
                    + " completely (" + chats + (chats == 1 ? " chat" : " chats") + ").");
            if (results.stream().anyMatch(SourceImport.FileResult::missing)) {
                return ExitCodes.NOT_FOUND;
            }
            return fine == results.size() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** How long the import waits for a provider's last notices to arrive before it goes on. */
    private static final Duration NOTICE_WAIT = Duration.ofSeconds(2);

    private List<SourceImport.FileResult> importPrinting(Host host, PrintWriter out, Runnable printNotices)
            throws Exception {
        SyncService sync = host.sync();
        SyncProgressPrinter progress = new SyncProgressPrinter(out, SyncProgressPrinter.formFor(false),
                SyncCommand.titlesOf(host));
        sync.addListener(progress);
        // What a provider says it is doing while it opens a file (a large backup: decrypting, adding indexes)
        // shows on the progress line as it comes, before the chats' syncs draw their bars there.
        // How far a provider's long work has got (ProviderEvent.Progress) is drawn the same way, thinned out.
        ProgressThrottle work = new ProgressThrottle(progress::work, SyncProgressPrinter.REDRAW_MILLIS);
        try (AutoCloseable steps = host.events().subscribe(published -> {
            if (published.event() instanceof ProviderEvent.Notice notice && !notice.warning()) {
                progress.step(published.providerId(), notice.message());
            } else if (published.event() instanceof ProviderEvent.Progress report) {
                work.onProgress(new WorkProgress(published.providerId(), report.operation(), report.detail(),
                        report.done(), report.total()));
            }
        })) {
            List<SourceImport.FileResult> results = new SourceImport(sync).run(files, options(),
                    new Printer(out, progress, printNotices, againCommand()));
            // Done means searchable: the search index (a file of its own, written beside the import) catches up
            // first, with a progress bar when it has to be waited for.
            host.archive().awaitSearchIndex(new ProgressThrottle(progress::work, SyncProgressPrinter.REDRAW_MILLIS));
            progress.finishLine();
            return results;
        } finally {
            sync.removeListener(progress);
        }
    }

    /** Prints what the import does, between the lines of sync progress. */
    private record Printer(PrintWriter out, SyncProgressPrinter progress, Runnable printNotices, String againCommand)
            implements SourceImport.Listener {

        @Override
        public void refused(Path source, String problem) {
            out.println(problem);
        }

        @Override
        public void providerRefused(Path file, ProviderException problem) {
            printNotices.run();
            out.println(SyncProgressPrinter.safe(problem.getMessage()));
        }

        @Override
        public void imported(Path file, String providerName, List<ChatDescription> chats) {
            out.println("Imported '" + SyncProgressPrinter.safe(file.getFileName().toString()) + "' with "
                    + providerName + ": " + describe(chats) + ".");
            printNotices.run();
        }

        @Override
        public void syncRefused(ChatDescription chat, SyncRefusedException refusal) {
            out.println(SyncProgressPrinter.safe(refusal.getMessage()));
        }

        @Override
        public void runEnded(SyncOutcome outcome) {
            progress.finishLine();
        }

        @Override
        public void chatEnded(ChatDescription chat, List<SyncOutcome> outcomes) {
            out.println(SyncProgressPrinter.safe(summary(chat, outcomes)
                    + (SourceImport.stoppedByFullDisk(outcomes.get(outcomes.size() - 1))
                    ? " Free some space there, then run the import again; it goes on where it stopped: " + againCommand
                    : "")));
        }

        private static String summary(ChatDescription chat, List<SyncOutcome> outcomes) {
            SyncOutcome last = outcomes.get(outcomes.size() - 1);
            if (outcomes.size() == 1) {
                return last.describe();
            }
            long stored = outcomes.stream().mapToLong(SyncOutcome::newMessages).sum();
            return last.describe() + " (" + stored + " new messages of " + chat.title() + " in " + outcomes.size()
                    + " runs.)";
        }

        private static String describe(List<ChatDescription> chats) {
            if (chats.isEmpty()) {
                return "no chats";
            }
            List<String> titles = chats.stream()
                    .map(chat -> "\"" + SyncProgressPrinter.safe(chat.title()) + "\" (" + chat.chatId() + ")").toList();
            return (chats.size() == 1 ? "chat " : chats.size() + " chats: ") + String.join(", ", titles);
        }
    }

    /**
     * This import's command line, which imports what is left when run again: the files (absolute) and
     * options as given, a key as {@code KEY} (it is never printed), and the location options.
     */
    private String againCommand() {
        StringBuilder command = new StringBuilder("chat-archive import");
        files.forEach(file -> command.append(' ').append(RootCommand.shellWord(file.toAbsolutePath().normalize().toString())));
        if (key != null && !key.isBlank()) {
            command.append(" --key KEY");
        }
        if (contacts != null) {
            command.append(" --contacts ").append(RootCommand.shellWord(contacts.toAbsolutePath().normalize().toString()));
        }
        if (dateOrder != null && !dateOrder.isBlank()) {
            command.append(" --date-order ").append(RootCommand.shellWord(dateOrder.strip()));
        }
        command.append(root.locationOptions());
        if (key != null && !key.isBlank()) {
            command.append(" (with your key in place of KEY)");
        }
        return command.toString();
    }

    private ImportOptions options() {
        ImportOptions options = ImportOptions.NONE;
        if (key != null && !key.isBlank()) {
            options = options.with(ImportOptions.KEY, key);
        }
        if (contacts != null) {
            options = options.with(ImportOptions.CONTACTS, contacts.toAbsolutePath().normalize().toString());
        }
        if (dateOrder != null && !dateOrder.isBlank()) {
            options = options.with(ImportOptions.DATE_ORDER, dateOrder.strip());
        }
        return options;
    }
}
