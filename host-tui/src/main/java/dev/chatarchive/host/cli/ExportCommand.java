package dev.chatarchive.host.cli;

import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.export.ArchiveExport;
import dev.chatarchive.host.export.ArchiveExport.Format;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive export [CHAT...|--all] --format jsonl|html|txt [--output PATH]}: the archive's
 * chats out, in a format other programs (and people) read. Only reads the archive, so it works while
 * the app is open; the progress bar and the closing line go to standard error, so a {@code jsonl}
 * export to standard output stays clean.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write chats out: JSON lines (one object per message), a folder of web pages, or WhatsApp's "
                + "own text layout (which imports back). Only reads the archive; works while the app is open.",
                "Formats and fields: docs/export.md."})
final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CHAT", arity = "0..*",
            description = "Chats to export: their ids as 'chat-archive chats' shows them, or their exact titles.")
    List<String> chats = new ArrayList<>();

    @Option(names = "--all", description = "Export every chat, newest activity first.")
    boolean all;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (default), html or txt.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "jsonl: a file (default: standard output). html: a folder. txt: a folder (one file per chat; "
                    + "a .zip with the chat's files when the archive has any), or a .txt or .zip file for one chat "
                    + "(default for one chat: standard output).")
    Path output;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone for the times in html and txt (default: whatsapp.exports.timezone from the config "
                    + "file, else this computer's), so a txt export imports back at the same times.")
    String zone;

    @Override
    public Integer call() {
        Format chosen = Format.named(format).orElseThrow(() -> new UserFacingException("--format must be jsonl, html "
                + "or txt, not '" + TerminalSanitizer.sanitizeLine(format) + "'.", ExitCodes.USAGE));
        if (all == !chats.isEmpty()) {
            throw new UserFacingException(all ? "Name chats or give --all, not both."
                    : "Name the chats to export (their ids, see 'chat-archive chats'), or give --all.", ExitCodes.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Host host = root.openHost()) {
            ZoneId zoneId = zone(host);
            Archive archive = host.readOnlyArchive();
            List<ChatRecord> selected = all ? archive.read(session -> session.chats().list()) : resolve(archive, chats);
            if (selected.isEmpty()) {
                err.println("No chats archived yet in " + host.locations().archiveFile() + "; nothing was exported.");
                return ExitCodes.OK;
            }
            ProgressBar bar = new ProgressBar(err, Terminals.standardErrorIsTerminal());
            ArchiveExport export = new ArchiveExport(archive, zoneId, bar::show);
            ArchiveExport.Result result;
            try {
                result = export.run(selected, chosen, Optional.ofNullable(output), out);
            } catch (ArchiveExport.ExportException e) {
                bar.clear();
                throw new UserFacingException(e.getMessage(), ExitCodes.USAGE, e);
            } catch (IOException e) {
                bar.clear();
                throw new UserFacingException("The export could not be written (" + e.getMessage() + "). Check the "
                        + "free space and permissions of " + (output == null ? "the output" : output) + ".",
                        ExitCodes.FAILURE, e);
            }
            out.flush();
            bar.clear();
            err.println("Exported " + result.chats() + (result.chats() == 1 ? " chat, " : " chats, ") + result.messages()
                    + (result.messages() == 1 ? " message" : " messages") + " as " + chosen.name().toLowerCase(Locale.ROOT)
                    + (result.output() == null ? " to standard output." : " to " + result.output() + "."));
            return ExitCodes.OK;
        }
    }

    private ZoneId zone(Host host) {
        String name = zone != null ? zone : host.settings().forProvider("whatsapp").get("exports.timezone");
        if (name == null || name.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new UserFacingException("'" + TerminalSanitizer.sanitizeLine(name) + "' is not a time zone; use a name "
                    + "such as Europe/Amsterdam or UTC.", ExitCodes.USAGE);
        }
    }

    /** The chats named by id, or by an exact title (ignoring case) that only one chat has. */
    static List<ChatRecord> resolve(Archive archive, List<String> names) {
        List<ChatRecord> known = archive.read(session -> session.chats().list());
        Map<String, ChatRecord> chosen = new LinkedHashMap<>();
        for (String name : names) {
            Optional<ChatRecord> byId = known.stream().filter(chat -> chat.chatId().equals(name)).findFirst();
            List<ChatRecord> byTitle = known.stream().filter(chat -> chat.title().equalsIgnoreCase(name.strip())).toList();
            if (byId.isPresent()) {
                chosen.putIfAbsent(byId.get().chatId(), byId.get());
            } else if (byTitle.size() == 1) {
                chosen.putIfAbsent(byTitle.get(0).chatId(), byTitle.get(0));
            } else if (byTitle.size() > 1) {
                throw new UserFacingException(byTitle.size() + " chats are titled '" + TerminalSanitizer.sanitizeLine(name)
                        + "'; name the one you mean by its id (see 'chat-archive chats').", ExitCodes.USAGE);
            } else {
                throw new UserFacingException("There is no chat '" + TerminalSanitizer.sanitizeLine(name) + "' in the "
                        + "archive. Run 'chat-archive chats' to see the chat ids.", ExitCodes.NOT_FOUND);
            }
        }
        return new ArrayList<>(chosen.values());
    }

    /** One line on standard error, redrawn in place: the bar, the percentage, the count and the chat. */
    static final class ProgressBar {
        private static final int WIDTH = 24;
        private final PrintWriter err;
        private final boolean terminal;
        private boolean drawn;

        ProgressBar(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        void show(long written, long total, ChatRecord chat) {
            if (!terminal) {
                return;
            }
            int percent = total == 0 ? 100 : (int) Math.min(100, written * 100 / total);
            int filled = percent * WIDTH / 100;
            String title = TerminalSanitizer.sanitizeLine(chat.title());
            if (title.length() > 30) {
                title = title.substring(0, 29) + "\u2026";
            }
            err.print("\r\u001b[2K[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + "%  "
                    + written + " of " + total + " messages  " + title);
            err.flush();
            drawn = true;
        }

        void clear() {
            if (drawn) {
                err.print("\r\u001b[2K");
                err.flush();
                drawn = false;
            }
        }
    }

    /** Whether standard error is a terminal (Linux: by its file; elsewhere: when the JVM has a console). */
    static final class Terminals {
        private Terminals() {
        }

        static boolean standardErrorIsTerminal() {
            Path fd = Path.of("/proc/self/fd/2");
            try {
                if (Files.isSymbolicLink(fd)) {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // Not Linux, or not allowed to look: fall back.
            }
            return System.console() != null;
        }
    }
}
