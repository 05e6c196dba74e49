package dev.chatarchive.host.cli;

import dev.chatarchive.host.AppVersion;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.FirstRun;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.SourceImporter;
import dev.chatarchive.host.UserInterface;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.progress.ProgressThrottle;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code chat-archive}: with no subcommand, opens the terminal UI.
 *
 * <p>The global options are inherited by every subcommand, so they may come before or after the
 * subcommand's name. Subcommands get an open {@link Host} from {@link #openHost()}.
 */
@Command(name = "chat-archive",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "A local, searchable archive of your chats. Run without a command to open the terminal UI.",
        footer = {"", "Data lives in $XDG_DATA_HOME/chat-archive (or ~/.local/share/chat-archive) unless "
                + "--data-dir or CHAT_ARCHIVE_HOME says otherwise. The log is in <data>/logs/chat-archive.log."})
public final class RootCommand implements Callable<Integer> {

    @Option(names = "--archive", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The archive file (default: <data>/archive.db).")
    Path archive;

    @Option(names = "--plugins-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where plugin jars are loaded from (default: plugins/ beside the application).")
    Path pluginsDirectory;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The config file (default: <data>/config.properties).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The data folder (default: $CHAT_ARCHIVE_HOME, else $XDG_DATA_HOME/chat-archive, "
                    + "else ~/.local/share/chat-archive).")
    Path dataDirectory;

    /**
     * The subcommands, in the order help lists them. To add a subcommand: write a class like
     * PluginsCommand and add it to this list. That is all. (Not in the {@code @Command} annotation:
     * {@link CommandLineApp} adds them only when the command line names one, or asks for help, since
     * picocli reads every command's annotations up front, and the screen alone does not need them.)
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            PluginsCommand.class,
            ChatsCommand.class,
            MessagesCommand.class,
            SearchCommand.class,
            SyncCommand.class,
            StatusCommand.class,
            BenchmarkCommand.class,
            ImportCommand.class,
            MergeCommand.class,
            ExportCommand.class,
            MediaCommand.class);

    /** The options every subcommand inherits, each followed by its value: all that the screen takes. */
    static final Set<String> GLOBAL_OPTIONS = Set.of("--archive", "--plugins-dir", "--config", "--data-dir");

    @Spec
    CommandSpec spec;

    private final Function<LocationOverrides, HostOptions> hostOptions;
    private final UserInterface userInterface;
    private final SourceImporter sampleImporter;

    /**
     * @param hostOptions    how to open the host once the command line is read
     * @param userInterface  what to run when no subcommand is given
     * @param sampleImporter imports the samples into a fresh default archive on the first run
     */
    public RootCommand(Function<LocationOverrides, HostOptions> hostOptions, UserInterface userInterface,
                       SourceImporter sampleImporter) {
        this.hostOptions = Objects.requireNonNull(hostOptions);
        this.userInterface = Objects.requireNonNull(userInterface);
        this.sampleImporter = Objects.requireNonNull(sampleImporter);
    }

    /**
     * Opens the archive before the UI takes the terminal, so "archive in use" and friends are printed
     * as sentences on a normal terminal, then runs the UI.
     */
    @Override
    public Integer call() throws Exception {
        java.util.Optional<String> unavailable = userInterface.unavailable();
        if (unavailable.isPresent()) {
            throw new UserFacingException(unavailable.get(), ExitCodes.FAILURE);
        }
        try (Host host = openHost()) {
            FirstRun.prepare(host, sampleImporter);
            return userInterface.run(host);
        }
    }

    /**
     * A host opened with the global options given on the command line; the caller closes it. Its
     * notices (an adopted database...) are printed on stderr.
     */
    Host openHost() {
        Host host = Host.open(hostOptions());
        if (spec != null) {
            java.io.PrintWriter err = spec.commandLine().getErr();
            // Long work while the archive opens (adopting a bridge database, an upgrade) draws its progress on
            // stderr, so that what a command prints on stdout (--json) stays as it was.
            SyncProgressPrinter progress = new SyncProgressPrinter(err, SyncProgressPrinter.formFor(false));
            host.onProgress(new ProgressThrottle(progress::work, SyncProgressPrinter.REDRAW_MILLIS));
            host.onNotice(sentence -> {
                progress.finishLine();
                err.println(dev.chatarchive.host.text.TerminalSanitizer.sanitizeLine(sentence));
                err.flush();
            });
        }
        return host;
    }

    /** How the host opens with the global options given on the command line. */
    HostOptions hostOptions() {
        return hostOptions.apply(new LocationOverrides(dataDirectory, archive, configFile, pluginsDirectory));
    }

    /**
     * The location options this command line gave ({@code --archive}, {@code --plugins-dir},
     * {@code --config}, {@code --data-dir}), each path absolute and quoted for the shell where it needs
     * it, with a leading space; empty when none was given. Commands that print a command for the user
     * to run next append it, so that command works on the same archive with the same plugins.
     */
    String locationOptions() {
        StringBuilder options = new StringBuilder();
        appendOption(options, "--archive", archive);
        appendOption(options, "--plugins-dir", pluginsDirectory);
        appendOption(options, "--config", configFile);
        appendOption(options, "--data-dir", dataDirectory);
        return options.toString();
    }

    private static void appendOption(StringBuilder options, String name, Path value) {
        if (value != null) {
            options.append(' ').append(name).append(' ').append(shellWord(value.toAbsolutePath().normalize().toString()));
        }
    }

    /** {@code text} as one shell word: as it is when it is plain, else single-quoted. */
    static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./,:@%+=-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** {@code --version}: the application's and the provider api's versions. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {AppVersion.describe()};
        }
    }
}
