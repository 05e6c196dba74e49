package dev.chatarchive.host.config;

import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a path of the wrong kind before anything is read or made there: a file named where a
 * folder belongs (the data folder, the plugins folder), or a folder named where a file belongs (the
 * archive, the config file). Each gets its own sentence naming where the path came from; a path given
 * on the command line is the command line's fault (exit code 2).
 */
public final class LocationChecks {

    private LocationChecks() {
    }

    /** Checks the data folder and the config file, which are needed before the config file is read. */
    public static void checkBeforeReadingConfig(LocationOverrides overrides, HostEnvironment environment,
                                                Path dataDirectory, Path configFile) {
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
            String source = overrides.dataDirectory() != null ? "--data-dir"
                    : environment.variable(HostLocations.HOME_VARIABLE).isPresent() ? HostLocations.HOME_VARIABLE
                    : "The data folder";
            throw new UserFacingException(source + " names " + dataDirectory + ", which is a file, not a folder. Name a "
                    + "folder for chat-archive's data (it is made if it does not exist).", codeFor(overrides.dataDirectory()));
        }
        if (Files.isDirectory(configFile)) {
            throw new UserFacingException((overrides.configFile() != null ? "--config" : "The config file") + " names "
                    + configFile + ", which is a folder, not a file. Name the config file (Java properties), for example "
                    + configFile.resolve("config.properties") + ".", codeFor(overrides.configFile()));
        }
    }

    /** Checks the archive and the plugins folder, once every location is known. */
    public static void checkResolved(LocationOverrides overrides, HostLocations locations) {
        Path archive = locations.archiveFile();
        if (Files.isDirectory(archive)) {
            throw new UserFacingException((overrides.archiveFile() != null ? "--archive" : "The archive (archive.file in "
                    + "the config file)") + " names " + archive + ", which is a folder, not a file. Name the archive file, "
                    + "for example " + archive.resolve("archive.db") + ".", codeFor(overrides.archiveFile()));
        }
        Path plugins = locations.pluginsDirectory();
        if (Files.exists(plugins) && !Files.isDirectory(plugins)) {
            throw new UserFacingException((overrides.pluginsDirectory() != null ? "--plugins-dir" : "The plugins folder "
                    + "(plugins.dir in the config file)") + " names " + plugins + ", which is a file, not a folder. Name "
                    + "the folder that holds the plugin jars.", codeFor(overrides.pluginsDirectory()));
        }
    }

    private static int codeFor(Path givenOnTheCommandLine) {
        return givenOnTheCommandLine != null ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }
}
