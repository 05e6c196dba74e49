package dev.chatarchive.host;

import dev.chatarchive.host.error.ExitCodes;

/**
 * The interactive terminal UI that {@code chat-archive} opens when run without a subcommand.
 *
 * <p>The root command calls {@link #run(Host)} with an open host and ends the process with the code
 * it returns. The archive is already open (so "archive in use" was reported before the screen took
 * the terminal). The host is closed after it returns; the UI must not keep threads that use it.
 *
 * <p>Right after creating its terminal, the UI calls {@link Host#routeStandardStreamsToLog()}, so
 * that nothing a library or plugin prints can draw over the screen.
 * {@code app.Main} names the implementation (one line: {@code Main.USER_INTERFACE}).
 */
@FunctionalInterface
public interface UserInterface {

    /**
     * Runs the UI until the user quits.
     *
     * @return the exit code, normally {@link ExitCodes#OK}
     */
    int run(Host host) throws Exception;

    /**
     * Why the UI cannot run in this process at all (no terminal to draw on), as one sentence, or empty
     * when it can. Asked before anything is opened or made.
     */
    default java.util.Optional<String> unavailable() {
        return java.util.Optional.empty();
    }
}
