package dev.chatarchive.host;

import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.plugin.CallTimeouts;
import java.time.Clock;
import java.util.Objects;

/**
 * How to open a {@link Host}.
 *
 * @param overrides   locations given on the command line
 * @param environment environment variables, home folder, application folder
 * @param clock       the clock every part of the host reads
 * @param timeouts    how long calls into plugins may take
 * @param logToFile   whether to send the log to the data folder's log file (the application does;
 *                    tests keep their own log configuration)
 */
public record HostOptions(LocationOverrides overrides, HostEnvironment environment, Clock clock, CallTimeouts timeouts,
                          boolean logToFile) {

    public HostOptions {
        Objects.requireNonNull(overrides, "overrides must not be null");
        Objects.requireNonNull(environment, "environment must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(timeouts, "timeouts must not be null");
    }

    /** What the application runs with: this process's environment, the system clock, a log file. */
    public static HostOptions forApplication(LocationOverrides overrides) {
        return new HostOptions(overrides, HostEnvironment.ofThisProcess(), Clock.systemDefaultZone(), CallTimeouts.DEFAULT, true);
    }
}
