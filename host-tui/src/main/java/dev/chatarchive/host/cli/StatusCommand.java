package dev.chatarchive.host.cli;

import dev.chatarchive.host.Host;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.media.FileSizes;
import dev.chatarchive.host.store.AttachmentStore;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.GlobalSyncStatus;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import dev.chatarchive.host.store.SyncRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive status [CHAT] [--json]}: the global sync status and every chat's checkpoint, or
 * one chat's checkpoint and its recent sync requests. Reads the archive without the writer's lock, so
 * it works while the app or a sync runs.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show how syncing stands: overall, and per chat (state, messages synced, progress, why it stopped).")
final class StatusCommand implements Callable<Integer> {

    private static final int RECENT_REQUESTS = 5;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CHAT", description = "Show only this chat, with its recent sync requests.")
    String chatId;

    @Option(names = "--json", description = "Print JSON, for scripts.")
    boolean json;

    /** The process writing the archive now, if any (by its OS lock). */
    private OptionalLong writer = OptionalLong.empty();
    private List<ChatRecord> allChats = List.of();

    /**
     * A chat with its checkpoint, if it has one. {@code writerRunning} is whether a chat-archive process
     * writes the archive now: a checkpoint recorded {@code in_progress} by a process that is gone (killed,
     * crashed) is not syncing, whatever the archive says; it shows as the next start will record it,
     * {@code interrupted} ({@code crashed}).
     */
    private record ChatSync(ChatRecord chat, Optional<SyncCheckpoint> checkpoint, boolean writerRunning) {
        SyncState recorded() {
            return checkpoint.map(SyncCheckpoint::status).orElse(SyncState.NOT_STARTED);
        }

        /** Whether the archive says in_progress but no process is running it. */
        boolean orphaned() {
            return recorded() == SyncState.IN_PROGRESS && !writerRunning;
        }

        SyncState state() {
            return orphaned() ? SyncState.INTERRUPTED : recorded();
        }

        StopReason stopReason() {
            return orphaned() ? StopReason.CRASHED : checkpoint.map(SyncCheckpoint::stopReason).orElse(null);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            var archive = host.readOnlyArchive();
            // Asked after opening: the archive is the one a writer would hold (adopting a bridge file takes and drops it).
            writer = Archive.liveWriter(archive.file());
            boolean running = writer.isPresent();
            GlobalSyncStatus status = archive.read(session -> session.status().get());
            allChats = archive.read(session -> session.chats().list());
            if (chatId != null) {
                ChatRecord chat = ChatArgument.find(allChats, chatId).orElseThrow(() ->
                        new UserFacingException("The archive has no chat " + SyncProgressPrinter.safe(chatId)
                                + ". List the chats with: chat-archive chats", ExitCodes.NOT_FOUND));
                ChatSync sync = new ChatSync(chat, archive.read(session -> session.checkpoints().find(chat.chatId())), running);
                List<SyncRequest> requests = archive.read(session -> session.requests().forChat(chat.chatId()));
                printChat(out, sync, requests, host.clock());
                return ExitCodes.OK;
            }
            List<ChatSync> chats = archive.read(session -> allChats.stream()
                    .map(chat -> new ChatSync(chat, session.checkpoints().find(chat.chatId()), running)).toList());
            AttachmentStore.Totals media = archive.read(session -> session.attachments().totals());
            SearchIndexBacklog index = SearchCommand.backlog(archive);
            printAll(out, status, chats, host.clock(), media, archive.media().root(), index);
            return ExitCodes.OK;
        }
    }

    // ---- everything --------------------------------------------------------------------------------

    private void printAll(PrintWriter out, GlobalSyncStatus status, List<ChatSync> chats, Clock clock,
                          AttachmentStore.Totals media, Path mediaFolder, SearchIndexBacklog index) {
        long orphaned = chats.stream().filter(ChatSync::orphaned).count();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("status", statusJson(status, orphaned));
            document.put("writer", writerJson());
            document.put("media", mediaJson(media, mediaFolder));
            document.put("search_index", searchIndexJson(index));
            document.put("chats", chats.stream().map(StatusCommand::chatJson).toList());
            out.println(SyncProgressPrinter.toJson(document));
            return;
        }
        out.println(globalLine(status, orphaned, chats, clock));
        out.println(mediaLine(media, mediaFolder));
        out.println(index.sentence());
        if (chats.isEmpty()) {
            out.println("No chats archived yet.");
            return;
        }
        out.println();
        ChatsCommand.TextTable table = new ChatsCommand.TextTable("CHAT", "STATE", "SYNCED", "PROGRESS", "UPDATED", "NOTE");
        for (ChatSync sync : chats) {
            SyncCheckpoint checkpoint = sync.checkpoint().orElse(null);
            table.add(shorten(SyncProgressPrinter.safe(sync.chat().title()), 40),
                    stateLabel(sync),
                    checkpoint == null ? "-" : Long.toString(checkpoint.messagesSynced()),
                    checkpoint == null || checkpoint.progressPercent() == null ? "-" : checkpoint.progressPercent() + "%",
                    checkpoint == null ? "-" : Timestamps.minute(checkpoint.updatedAt(), clock),
                    note(sync));
        }
        table.print(out, List.of(2, 3));
        String where = root.locationOptions();
        if (!where.isEmpty() && chats.stream().anyMatch(sync -> !note(sync).isEmpty())) {
            // The notes stay short in the table; the commands they name act on this archive only with these.
            out.println("Run the commands above with:" + where);
        }
    }

    private String globalLine(GlobalSyncStatus status, long orphaned, List<ChatSync> chats, Clock clock) {
        String now;
        if (orphaned > 0) {
            // The archive says "syncing", but no chat-archive is running it: killed or crashed mid-sync.
            ChatSync first = chats.stream().filter(ChatSync::orphaned).findFirst().orElseThrow();
            now = "Not syncing: " + (orphaned == 1 ? "the sync of " + SyncProgressPrinter.safe(first.chat().title()) + " was"
                    : orphaned + " syncs were") + " interrupted (chat-archive stopped while it ran, and no chat-archive "
                    + "is running now); resume with: chat-archive sync "
                    + (orphaned == 1 ? ChatArgument.forCommand(first.chat(), allChats) + " --resume" : "--all")
                    + root.locationOptions();
        } else if (status.syncing() && writer.isPresent()) {
            now = "Syncing now" + (status.progressPercent() == null ? "" : " (" + status.progressPercent() + "%)")
                    + (writer.getAsLong() > 0 ? ", in chat-archive process " + writer.getAsLong() : "");
        } else {
            now = "Not syncing";
        }
        return now + ". " + status.messagesSynced() + " messages synced in all"
                + (status.lastSyncTime() == null ? "" : ", last at " + Timestamps.minute(status.lastSyncTime(), clock))
                + ". " + (status.latest() ? "Every chat's history is complete." : "Not every chat's history is complete.");
    }

    // ---- one chat ----------------------------------------------------------------------------------

    private void printChat(PrintWriter out, ChatSync sync, List<SyncRequest> requests, Clock clock) {
        List<SyncRequest> recent = requests.subList(Math.max(0, requests.size() - RECENT_REQUESTS), requests.size());
        if (json) {
            Map<String, Object> document = chatJson(sync);
            document.put("requests", recent.stream().map(StatusCommand::requestJson).toList());
            out.println(SyncProgressPrinter.toJson(document));
            return;
        }
        out.println("Chat:      " + SyncProgressPrinter.safe(sync.chat().title()) + " ("
                + SyncProgressPrinter.safe(sync.chat().chatId()) + ", provider " + SyncProgressPrinter.safe(sync.chat().providerId())
                + ", " + sync.chat().messageCount() + " messages archived)");
        out.println("State:     " + stateLabel(sync));
        sync.checkpoint().ifPresent(checkpoint -> {
            out.println("Synced:    " + checkpoint.messagesSynced() + " new messages"
                    + (checkpoint.progressPercent() == null ? "" : ", " + checkpoint.progressPercent() + "%"));
            if (checkpoint.lastMessageId() != null) {
                out.println("Cursor:    " + SyncProgressPrinter.safe(checkpoint.lastMessageId()) + " at "
                        + Timestamps.minute(checkpoint.lastTimestamp(), clock));
            }
            out.println("Started:   " + Timestamps.minute(checkpoint.createdAt(), clock)
                    + ", updated " + Timestamps.minute(checkpoint.updatedAt(), clock)
                    + (checkpoint.completedAt() == null ? "" : ", completed " + Timestamps.minute(checkpoint.completedAt(), clock)));
            if (checkpoint.errorMessage() != null) {
                out.println("Error:     " + SyncProgressPrinter.safe(checkpoint.errorMessage()));
            }
        });
        String next = note(sync);
        if (!next.isEmpty()) {
            out.println("Next:      " + next + (sync.state() == SyncState.IN_PROGRESS ? "" : root.locationOptions()));
        }
        if (!recent.isEmpty()) {
            out.println("Requests:");
            for (SyncRequest request : recent) {
                out.println("  " + Timestamps.minute(request.requestedAt(), clock) + "  max " + request.maxMessages()
                        + (request.resume() ? ", resume" : "") + (request.restart() ? ", restart" : "")
                        + (request.requestedBy() == null ? "" : ", by " + SyncProgressPrinter.safe(request.requestedBy())));
            }
        }
    }

    // ---- shared ------------------------------------------------------------------------------------

    private static String stateLabel(ChatSync sync) {
        String state = sync.state().wireName().replace('_', ' ');
        if (sync.orphaned()) {
            return state + " (chat-archive stopped while it ran)";
        }
        StopReason reason = sync.stopReason();
        return reason == null ? state : state + " (" + reason.wireName().replace('_', ' ') + ")";
    }

    private static String shorten(String text, int width) {
        return text.codePointCount(0, text.length()) <= width ? text
                : text.substring(0, text.offsetByCodePoints(0, width - 1)) + "\u2026";
    }

    /** What the user can do next with the chat, as a command. */
    private String note(ChatSync sync) {
        String chat = ChatArgument.forCommand(sync.chat(), allChats);
        return switch (sync.state()) {
            case NOT_STARTED -> "sync with: chat-archive sync " + chat;
            case IN_PROGRESS -> "syncing now" + (writer.isPresent() && writer.getAsLong() > 0
                    ? " (chat-archive process " + writer.getAsLong() + ")" : "");
            case INTERRUPTED, CANCELLED -> "resume with: chat-archive sync " + chat + " --resume";
            case FAILED -> "failed; start over with: chat-archive sync " + chat + " --restart";
            case COMPLETED -> "";
        };
    }

    /** The media store in one line: files, their size, where, and attachments whose file the archive lacks. */
    static String mediaLine(AttachmentStore.Totals media, Path folder) {
        String line = "Media: " + media.files() + (media.files() == 1 ? " file, " : " files, ")
                + FileSizes.describe(media.bytes()) + " in " + SyncProgressPrinter.safe(folder.toString());
        long missing = media.attachments() - media.attachmentsStored();
        if (missing > 0) {
            line += "; " + missing + (missing == 1 ? " attached file is" : " attached files are")
                    + " known by name only (import the export \"with media\" to add them)";
        }
        return line + ".";
    }

    private static Map<String, Object> mediaJson(AttachmentStore.Totals media, Path folder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("files", media.files());
        json.put("bytes", media.bytes());
        json.put("folder", folder.toString());
        json.put("attachments", media.attachments());
        json.put("attachments_without_file", media.attachments() - media.attachmentsStored());
        return json;
    }

    private static Map<String, Object> searchIndexJson(SearchIndexBacklog index) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("current", index.current());
        json.put("messages_waiting", index.messages());
        json.put("changes_waiting", index.changes());
        json.put("building", index.building());
        return json;
    }

    private Map<String, Object> writerJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("running", writer.isPresent());
        json.put("pid", writer.isPresent() && writer.getAsLong() > 0 ? writer.getAsLong() : null);
        return json;
    }

    /** The global status as it is: not syncing when the syncs it records are orphaned. */
    private Map<String, Object> statusJson(GlobalSyncStatus status, long orphaned) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("is_syncing", status.syncing() && writer.isPresent() && orphaned == 0);
        json.put("messages_synced", status.messagesSynced());
        json.put("last_sync_time", iso(status.lastSyncTime()));
        json.put("progress_percent", status.progressPercent());
        json.put("is_latest", status.latest());
        return json;
    }

    private static Map<String, Object> chatJson(ChatSync sync) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("chat", sync.chat().chatId());
        json.put("title", sync.chat().title());
        json.put("provider", sync.chat().providerId());
        json.put("messages_archived", sync.chat().messageCount());
        json.put("status", sync.state().wireName());
        SyncCheckpoint checkpoint = sync.checkpoint().orElse(null);
        json.put("stop_reason", sync.stopReason() == null ? null : sync.stopReason().wireName());
        json.put("recorded_status", sync.recorded().wireName());
        json.put("messages_synced", checkpoint == null ? 0 : checkpoint.messagesSynced());
        json.put("progress_percent", checkpoint == null ? null : checkpoint.progressPercent());
        json.put("last_message_id", checkpoint == null ? null : checkpoint.lastMessageId());
        json.put("last_timestamp", checkpoint == null ? null : iso(checkpoint.lastTimestamp()));
        json.put("error_message", checkpoint == null ? null : checkpoint.errorMessage());
        json.put("created_at", checkpoint == null ? null : iso(checkpoint.createdAt()));
        json.put("updated_at", checkpoint == null ? null : iso(checkpoint.updatedAt()));
        json.put("completed_at", checkpoint == null ? null : iso(checkpoint.completedAt()));
        return json;
    }

    private static Map<String, Object> requestJson(SyncRequest request) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("request_id", request.requestId());
        json.put("max_messages", request.maxMessages());
        json.put("resume", request.resume());
        json.put("restart", request.restart());
        json.put("requested_at", iso(request.requestedAt()));
        json.put("requested_by", request.requestedBy());
        return json;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
