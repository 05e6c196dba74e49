package dev.chatarchive.host.app;

import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Jdbi statement on an in-memory SQLite database on a thread of its own while the main thread
 * reads the command line and opens the host, so that the one-time costs of the process's first Jdbi
 * statement are paid beside that work instead of on the first screen's path (the archive probe was the
 * first). That first statement costs about 0.4 s of CPU even with AppCDS, against 0.01 s for the same
 * statement through plain JDBC: Jdbi's configuration registry, statement and mapper machinery (built
 * through method handles and generic type resolution) and, a twentieth of it, its SQL parser (an ANTLR
 * lexer); plus sqlite-jdbc's connection settings (their date format reads the locale data). All of it
 * is JVM-wide and happens once; the archive's own first statement then finds it done, or waits for the
 * class initialisation under way instead of doing it twice. Measured in docs/benchmarks.md ("First
 * screen (issue #12, session 6: start)").
 *
 * <p>Nothing depends on it: it touches no file, and whatever goes wrong is logged and forgotten.
 */
final class FirstStatementWarmUp {

    private FirstStatementWarmUp() {
    }

    /** Starts the warm-up on a daemon thread (it never keeps the JVM alive). */
    static Thread start() {
        Thread thread = new Thread(FirstStatementWarmUp::runQuietly, "first-statement-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void runQuietly() {
        try {
            run();
        } catch (Throwable e) { // a warm-up must never be the reason something fails
            // the logger only now: the warm-up must not be the thread that starts the logging
            Logger log = LoggerFactory.getLogger(FirstStatementWarmUp.class);
            log.debug("The first-statement warm-up failed; the archive's first statement pays for it", e);
        }
    }

    /** One statement with a bound parameter on a throwaway in-memory database; returns what it read. */
    static int run() {
        SQLiteDataSource memory = new SQLiteDataSource();
        memory.setUrl("jdbc:sqlite::memory:");
        return Jdbi.create(memory).withHandle(handle -> handle.createQuery("SELECT :one")
                .bind("one", 1).mapTo(Integer.class).one());
    }
}
