package dev.chatarchive.host.cli;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.SourceImporter;
import dev.chatarchive.host.plugin.GuardedProvider;
import dev.chatarchive.host.store.SyncCheckpoint;
import dev.chatarchive.host.store.SyncRequest;
import dev.chatarchive.host.store.SyncState;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.sync.SyncHandle;
import dev.chatarchive.host.sync.SyncMode;
import dev.chatarchive.host.sync.SyncOutcome;
import dev.chatarchive.host.sync.SyncRefusedException;
import dev.chatarchive.host.sync.SyncService;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings files (chat exports) into the archive: each file goes to the first started provider that
 * {@link dev.chatarchive.api.HistoryProvider#canImport can import} it, which registers it as a source
 * and names its chats; the chats are added to the archive and synced through the sync engine, like any
 * provider's, until each is complete.
 *
 * <p>How a chat is synced depends on its checkpoint, so that importing again (the same file, or a
 * newer export of the chat) brings what is new and never doubles anything:
 * <ul>
 *   <li>never synced: a normal start (from the newest message back);
 *   <li>interrupted or cancelled: resumed (a provider that pages forward catches up first);
 *   <li>completed or failed: restarted, which walks the whole chat again from the newest message; the
 *       messages the archive holds are ignored, only new ones are stored.
 * </ul>
 * One sync stores at most {@link SyncRequest#MAX_MESSAGES_LIMIT} messages (the seed's limit), so a
 * bigger export is synced in several resumed runs, each recorded like any sync request.
 *
 * <p>Used by {@code chat-archive import} and by the first run, which imports the samples quietly.
 */
public final class SourceImport implements SourceImporter {

    private static final Logger LOG = LoggerFactory.getLogger(SourceImport.class);

    private final PrintWriter out;
    private final SyncProgressPrinter progress;

    private SourceImport(PrintWriter out, SyncProgressPrinter progress) {
        this.out = out;
        this.progress = progress;
    }

    /** An import that prints what it does (and sync progress) to {@code out}. */
    static SourceImport printingTo(PrintWriter out) {
        return new SourceImport(out, new SyncProgressPrinter(out, SyncProgressPrinter.formFor(false)));
    }

    /** An import that prints nothing; problems go to the log. For the first run's samples. */
    public static SourceImport quiet() {
        return new SourceImport(new PrintWriter(Writer.nullWriter()), null);
    }

    /** What importing one file came to. */
    record FileResult(Path source, boolean missing, String problem, List<ChatDescription> chats,
                      List<SyncOutcome> outcomes) {

        boolean fine() {
            return problem == null && outcomes.stream().allMatch(o -> o.state() == SyncState.COMPLETED);
        }
    }

    @Override
    public void importAll(Host host, List<Path> sources) throws Exception {
        run(host, sources, ImportOptions.NONE);
    }

    /**
     * Imports every source, one after the other, each with {@code options} (the command line's
     * {@code --key}, {@code --contacts}); a source that fails does not stop the others.
     */
    List<FileResult> run(Host host, List<Path> sources, ImportOptions options) throws InterruptedException {
        SyncService sync = host.sync();
        if (progress != null) {
            sync.addListener(progress);
        }
        try {
            List<FileResult> results = new ArrayList<>();
            for (Path source : sources) {
                results.add(importOne(host, sync, source, options));
            }
            return results;
        } finally {
            if (progress != null) {
                sync.removeListener(progress);
            }
        }
    }

    private FileResult importOne(Host host, SyncService sync, Path source, ImportOptions options)
            throws InterruptedException {
        Path file = source.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return refused(source, true, "'" + source + "' does not exist.");
        }
        Optional<GuardedProvider> importer = host.providers().providers().stream()
                .filter(GuardedProvider::isStarted)
                .filter(provider -> provider.canImport(file))
                .findFirst();
        if (importer.isEmpty()) {
            return refused(source, false, "No plugin can import '" + source + "': chat-archive reads WhatsApp's"
                    + " \"Export chat\" .txt and .zip files, Android backups (msgstore.db, msgstore.db.crypt12/14/15),"
                    + " iPhone ChatStorage.sqlite and iPhone backup folders (chat-archive plugins shows what is loaded).");
        }
        GuardedProvider provider = importer.get();
        List<ChatDescription> chats;
        try {
            chats = provider.importSource(file, options);
        } catch (ProviderException e) {
            LOG.warn("{} could not import {}", provider.info().name(), file, e);
            return refused(source, false, SyncProgressPrinter.safe(e.getMessage()));
        }
        host.archive().write(session -> {
            chats.forEach(chat -> session.chats().upsert(provider.id(), chat));
            return null;
        });
        out.println("Imported '" + SyncProgressPrinter.safe(file.getFileName().toString()) + "' with "
                + provider.info().name() + ": " + describe(chats) + ".");
        List<SyncOutcome> outcomes = new ArrayList<>();
        for (ChatDescription chat : chats) {
            outcomes.addAll(syncUntilDone(sync, chat));
        }
        return new FileResult(source, false, null, chats, outcomes);
    }

    private FileResult refused(Path source, boolean missing, String problem) {
        LOG.warn("Import of {} refused: {}", source, problem);
        out.println(problem);
        return new FileResult(source, missing, problem, List.of(), List.of());
    }

    /** Syncs the chat, resuming after each run that stopped at the request limit, until it ends. */
    private List<SyncOutcome> syncUntilDone(SyncService sync, ChatDescription chat) throws InterruptedException {
        List<SyncOutcome> outcomes = new ArrayList<>();
        while (true) {
            SyncMode mode = modeFor(sync.checkpoint(chat.chatId()));
            SyncHandle handle;
            try {
                handle = sync.start(chat.chatId(), SyncRequest.MAX_MESSAGES_LIMIT, mode, "import");
            } catch (SyncRefusedException refusal) {
                out.println(SyncProgressPrinter.safe(refusal.getMessage()));
                return outcomes;
            }
            SyncOutcome outcome = SyncCommand.awaitCancellingOnInterrupt(handle::cancel,
                    () -> handle.await(SyncCommand.CANCEL_GRACE).isPresent(), handle::await);
            if (progress != null) {
                progress.finishLine();
            }
            outcomes.add(outcome);
            boolean more = outcome.state() == SyncState.INTERRUPTED && outcome.stopReason() == StopReason.LIMIT_REACHED
                    && outcome.newMessages() > 0;
            if (!more) {
                out.println(SyncProgressPrinter.safe(summary(chat, outcomes)));
                return outcomes;
            }
        }
    }

    private static SyncMode modeFor(Optional<SyncCheckpoint> checkpoint) {
        SyncState state = checkpoint.map(SyncCheckpoint::status).orElse(SyncState.NOT_STARTED);
        return switch (state) {
            case NOT_STARTED, IN_PROGRESS -> SyncMode.START;
            case INTERRUPTED, CANCELLED -> SyncMode.RESUME;
            case COMPLETED, FAILED -> SyncMode.RESTART;
        };
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
