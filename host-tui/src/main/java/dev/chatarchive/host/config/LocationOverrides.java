package dev.chatarchive.host.config;

import java.nio.file.Path;

/**
 * Where the user asked, on the command line, for things to be; each {@code null} when not given.
 *
 * @param dataDirectory    {@code --data-dir}
 * @param archiveFile      {@code --archive}
 * @param configFile       {@code --config}
 * @param pluginsDirectory {@code --plugins-dir}
 */
public record LocationOverrides(Path dataDirectory, Path archiveFile, Path configFile, Path pluginsDirectory) {

    /** Nothing overridden: every location takes its default. */
    public static final LocationOverrides NONE = new LocationOverrides(null, null, null, null);
}
