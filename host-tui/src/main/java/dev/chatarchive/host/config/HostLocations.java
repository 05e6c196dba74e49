package dev.chatarchive.host.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where everything the host reads and writes lives, once defaults, the environment, the config file
 * and the command line have been weighed.
 *
 * <p>Precedence, strongest first: the command line, then (for the data folder) {@code CHAT_ARCHIVE_HOME},
 * then (for the archive and plugins folder) the config file, then the defaults:
 * <ul>
 *   <li>data folder: {@code $XDG_DATA_HOME/chat-archive}, or {@code ~/.local/share/chat-archive};
 *   <li>archive: {@code <data>/archive.db}; config file: {@code <data>/config.properties};
 *   <li>log file: {@code <data>/logs/chat-archive.log};
 *   <li>plugins folder: {@code plugins/} in the application's folder.
 * </ul>
 *
 * @param dataDirectory    the per-user data folder
 * @param configFile       the config file (may not exist: then every setting has its default)
 * @param archiveFile      the SQLite archive
 * @param pluginsDirectory where plugin jars are loaded from
 * @param logFile          where the log goes
 * @param samplesDirectory sample chats to import into a fresh default archive, or {@code null}
 * @param defaultArchive   whether {@code archiveFile} is the default one (not named by the user)
 */
public record HostLocations(Path dataDirectory, Path configFile, Path archiveFile, Path pluginsDirectory,
                            Path logFile, Path samplesDirectory, boolean defaultArchive) {

    /** The environment variable that moves the whole data folder. */
    public static final String HOME_VARIABLE = "CHAT_ARCHIVE_HOME";

    public HostLocations {
        Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
        Objects.requireNonNull(configFile, "configFile must not be null");
        Objects.requireNonNull(archiveFile, "archiveFile must not be null");
        Objects.requireNonNull(pluginsDirectory, "pluginsDirectory must not be null");
        Objects.requireNonNull(logFile, "logFile must not be null");
    }

    /** The data folder and config file: all that is needed before the config file is read. */
    public static Path dataDirectory(LocationOverrides overrides, HostEnvironment environment) {
        if (overrides.dataDirectory() != null) {
            return absolute(overrides.dataDirectory());
        }
        return environment.variable(HOME_VARIABLE).map(Path::of).map(HostLocations::absolute)
                .orElseGet(() -> environment.variable("XDG_DATA_HOME")
                        .map(Path::of)
                        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
                        .filter(Path::isAbsolute)
                        .orElse(environment.userHome().resolve(".local").resolve("share"))
                        .resolve("chat-archive"));
    }

    /** The config file, before it is read. */
    public static Path configFile(LocationOverrides overrides, Path dataDirectory) {
        return overrides.configFile() != null
                ? absolute(overrides.configFile())
                : dataDirectory.resolve("config.properties");
    }

    /** All locations, once the config file has been read into {@code settings}. */
    public static HostLocations resolve(LocationOverrides overrides, HostEnvironment environment, Settings settings) {
        Path data = dataDirectory(overrides, environment);
        Path config = configFile(overrides, data);
        Path configuredArchive = settings.hostSetting(Settings.ARCHIVE_FILE).map(Path::of).orElse(null);
        Path archive = overrides.archiveFile() != null ? absolute(overrides.archiveFile())
                : configuredArchive != null ? absolute(configuredArchive)
                : data.resolve("archive.db");
        Path appDirectory = environment.appDirectory();
        Path plugins = overrides.pluginsDirectory() != null ? absolute(overrides.pluginsDirectory())
                : settings.hostSetting(Settings.PLUGINS_DIR).map(Path::of).map(HostLocations::absolute)
                .orElse(appDirectory != null ? appDirectory.resolve("plugins") : absolute(Path.of("plugins")));
        Path samples = appDirectory != null ? appDirectory.resolve("samples") : null;
        boolean defaultArchive = overrides.archiveFile() == null && configuredArchive == null;
        return new HostLocations(data, config, archive, plugins, data.resolve("logs").resolve("chat-archive.log"),
                samples, defaultArchive);
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
