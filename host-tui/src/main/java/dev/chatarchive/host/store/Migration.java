package dev.chatarchive.host.store;

import java.util.Objects;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * One step of the archive's schema history: it takes an archive at {@code version - 1} to
 * {@code version}. {@link Migrations} runs each step in its own transaction together with the
 * {@code PRAGMA user_version} bump, so a step is either wholly applied or not at all.
 *
 * @param version     the schema version this step produces, from 1 up, without gaps
 * @param description what the step does, for the log
 * @param step        the work, run inside the step's transaction
 * @param rebuilds    whether the step rebuilds tables that others reference (SQLite's table-rebuild
 *                    procedure): {@link Migrations} then runs it with foreign keys off and checks every
 *                    foreign key (PRAGMA foreign_key_check) before it commits
 */
record Migration(int version, String description, Step step, boolean rebuilds) {

    /** The work of one migration, run inside its transaction. */
    @FunctionalInterface
    interface Step {
        void apply(Handle handle, Clock clock);
    }

    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(step, "step");
    }

    Migration(int version, String description, Step step) {
        this(version, description, step, false);
    }

    static Migration script(int version, String description, String resource) {
        SqlScript script = SqlScript.fromResource(resource);
        return new Migration(version, description, (handle, clock) -> script.executeIn(handle));
    }
}
