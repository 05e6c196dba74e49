package dev.chatarchive.host.cli;

import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.SourceImporter;
import dev.chatarchive.host.UserInterface;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.logging.FileLogging;
import dev.chatarchive.host.store.ArchiveException;
import java.io.PrintWriter;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The {@code chat-archive} command line, ready to run: picocli set up with the root command, its
 * subcommands, and the house rules for failures. A {@link UserFacingException} prints its sentence and
 * ends with its exit code; a wrong command line prints what was wrong and how to get help (exit 2);
 * anything unexpected prints one sentence pointing to the log file, which has the stack trace (exit 1).
 * No stack trace ever reaches the terminal.
 */
public final class CommandLineApp {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLineApp.class);

    private final RootCommand root;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param hostOptions    how to open the host once the command line is read
     * @param userInterface  what {@code chat-archive} alone opens
     * @param sampleImporter imports the samples into a fresh default archive on the first run
     */
    public CommandLineApp(Function<LocationOverrides, HostOptions> hostOptions, UserInterface userInterface,
                          SourceImporter sampleImporter, PrintWriter out, PrintWriter err) {
        root = new RootCommand(hostOptions, userInterface, sampleImporter);
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and returns the exit code. */
    public int run(String... args) {
        CommandLine commandLine = commandLine(root, !opensTheScreenOnly(args));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(CommandLineApp::wrongCommandLine);
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> failed(failure, line));
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return code;
    }

    /** The root command, with its subcommands or without, and the parser's settings (given to every subcommand). */
    static CommandLine commandLine(RootCommand root, boolean withSubcommands) {
        CommandLine commandLine = new CommandLine(root);
        if (withSubcommands) {
            for (Class<?> subcommand : RootCommand.SUBCOMMANDS) {
                commandLine.addSubcommand(subcommand);
            }
        }
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // "--plugins-dir plugins" names a folder called plugins, not the plugins command.
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        return commandLine;
    }

    /**
     * Whether {@code args} are global options with their values and nothing else: the screen, the one
     * command whose start-up time is felt, opened without reading the eleven subcommands' annotations
     * (picocli reads them all up front: a tenth of the first screen's CPU). Anything else (a command, a
     * word that may be a mistyped one, help, version, an option without its value) gets the whole
     * command line, so its parsing, errors and help are exactly as before.
     */
    public static boolean opensTheScreenOnly(String... args) {
        for (int i = 0; i < args.length; i++) {
            String argument = args[i];
            int equals = argument.indexOf('=');
            if (equals > 0 && RootCommand.GLOBAL_OPTIONS.contains(argument.substring(0, equals))) {
                continue;
            }
            if (!RootCommand.GLOBAL_OPTIONS.contains(argument) || i + 1 == args.length || args[i + 1].startsWith("-")) {
                return false;
            }
            i++; // its value (--plugins-dir plugins names a folder)
        }
        return true;
    }

    private static int wrongCommandLine(CommandLine.ParameterException wrong, String[] args) {
        CommandLine line = wrong.getCommandLine();
        PrintWriter err = line.getErr();
        String message = wrong.getMessage();
        err.println(message.endsWith(".") ? message : message + ".");
        CommandLine.UnmatchedArgumentException.printSuggestions(wrong, err);
        err.println("Run '" + line.getCommandSpec().qualifiedName() + " --help' to see what it accepts.");
        return ExitCodes.USAGE;
    }

    /** The archive's own account of what went wrong, if {@code failure} is or carries one. */
    private static ArchiveException archiveProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ArchiveException archive) {
                return archive;
            }
        }
        return null;
    }

    private static int failed(Exception failure, CommandLine line) {
        PrintWriter err = line.getErr();
        if (failure instanceof UserFacingException userFacing) {
            LOG.info("Command failed: {}", userFacing.getMessage(), userFacing);
            err.println(userFacing.getMessage());
            return userFacing.exitCode();
        }
        ArchiveException archive = archiveProblem(failure);
        if (archive != null) {
            // The archive's own sentence: a full disk, a damaged file, a file that is not an archive.
            LOG.error("Command failed: {}", archive.getMessage(), failure);
            err.println(archive.getMessage());
            return ExitCodes.FAILURE;
        }
        LOG.error("Command failed unexpectedly", failure);
        // The sentence below points to the log file: make sure it is there, even for a command that made nothing.
        FileLogging.keep();
        err.println("chat-archive failed unexpectedly (" + failure.getClass().getSimpleName()
                + "). The log file in the data folder's logs/ has the details; please include it when you report the bug.");
        return ExitCodes.FAILURE;
    }
}
