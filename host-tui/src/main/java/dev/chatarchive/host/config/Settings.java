package dev.chatarchive.host.config;

import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The user's config file: Java properties, UTF-8. A key {@code <providerId>.<key>} is a setting of
 * that provider (it reaches the provider as {@code <key>}); keys under one of
 * {@link #HOST_PREFIXES} belong to the host.
 *
 * <pre>
 * plugins.dir=/opt/chat-archive/plugins
 * whatsapp.exports.dirs=/home/me/Downloads
 * </pre>
 */
public final class Settings {

    /** Host key: the archive file, when not given with {@code --archive}. */
    public static final String ARCHIVE_FILE = "archive.file";
    /** Host key: the plugins folder, when not given with {@code --plugins-dir}. */
    public static final String PLUGINS_DIR = "plugins.dir";

    /**
     * First parts of keys that are the host's, never a provider's; a provider with one of these ids
     * is refused so its settings cannot be mixed up with the host's. Add a prefix here when a part
     * of the host gains settings of its own.
     */
    public static final Set<String> HOST_PREFIXES = Set.of("archive", "plugins", "host", "log", "ui", "sync");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** No settings at all: every value takes its default. */
    public static Settings empty() {
        return new Settings(Map.of());
    }

    /** Settings from these key/value pairs. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /**
     * Reads the config file. A missing file is no settings when {@code mustExist} is false (the default
     * config file need not exist), and an error when the user named the file.
     */
    public static Settings load(Path file, boolean mustExist) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new UserFacingException("The config file " + file + " does not exist. Create it, or leave out --config to use "
                        + "the default one.", ExitCodes.NOT_FOUND, e);
            }
            return empty();
        } catch (MalformedInputException e) {
            throw new UserFacingException("The config file " + file + " is not UTF-8 text. Save it as UTF-8 and try again.",
                    ExitCodes.FAILURE, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserFacingException("The config file " + file + " cannot be read (" + e.getMessage()
                    + "). Check that it is a readable properties file.", ExitCodes.FAILURE, e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.strip(), properties.getProperty(key).strip()));
        return new Settings(values);
    }

    /** A host setting, if given and not blank. */
    public Optional<String> hostSetting(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !value.isEmpty());
    }

    /** The settings of one provider: keys under {@code <providerId>.}, with that prefix removed. */
    public Map<String, String> forProvider(String providerId) {
        String prefix = providerId + ".";
        Map<String, String> settings = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        return Map.copyOf(settings);
    }

    /** Whether {@code providerId} would read keys that belong to the host. */
    public static boolean isReservedForHost(String providerId) {
        return HOST_PREFIXES.contains(providerId);
    }
}
