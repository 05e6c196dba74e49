package dev.chatarchive.host;

/**
 * The interactive terminal UI that {@code chat-archive} opens when run without a subcommand.
 *
 * <p>The root command calls {@link #run(Host)} with an open host and ends the process with the code
 * it returns. The host is closed after it returns; the UI must not keep threads that use it.
 * Main names the implementation (one line: {@code Main.USER_INTERFACE}).
 */
@FunctionalInterface
public interface UserInterface {

    /**
     * Runs the UI until the user quits.
     *
     * @return the exit code, normally {@link ExitCodes#OK}
     */
    int run(Host host) throws Exception;
}
