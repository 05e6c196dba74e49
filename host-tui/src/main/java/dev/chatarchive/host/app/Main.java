package dev.chatarchive.host.app;

import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.SourceImporter;
import dev.chatarchive.host.UserInterface;
import dev.chatarchive.host.cli.CommandLineApp;
import dev.chatarchive.host.error.ExitCodes;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of the chat-archive application: runs the command line and exits with its code. */
public final class Main {

    /**
     * What {@code chat-archive} without a subcommand opens. The terminal UI plugs in here: on the user's
     * terminal, or on a virtual one for the launcher's class-data-sharing training run ({@link ClassDataTraining}).
     */
    private static final UserInterface USER_INTERFACE = ClassDataTraining.requested()
            ? new TerminalApp(ClassDataTraining::firstScreenThenQuit, host -> new EngineSyncControls(host.sync()))
            : new TerminalApp(host -> new EngineSyncControls(host.sync()));

    /** How the first run imports the samples into a fresh default archive. The import path plugs in here. */
    private static final SourceImporter SOURCE_IMPORTER = SourceImporter.quiet();

    private Main() {
    }

    public static void main(String[] args) {
        if (ClassDataTraining.requested()) {
            ClassDataTraining.giveUpAfter(ClassDataTraining.LIMIT, () -> Runtime.getRuntime().halt(ExitCodes.FAILURE));
            SqliteNativeCopy.keep();
        }
        SqliteNativeCopy.useIfKept();
        if (CommandLineApp.opensTheScreenOnly(args)) {
            FirstStatementWarmUp.start(); // beside the command line's reading and the host's opening
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = new CommandLineApp(HostOptions::forApplication, USER_INTERFACE, SOURCE_IMPORTER, out, err).run(args);
        System.exit(code);
    }
}
