package dev.chatarchive.host;

import dev.chatarchive.api.ApiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The application's version as built, and the api version it speaks, for {@code --version}. */
public final class AppVersion {

    private static final String CURRENT = load();

    private AppVersion() {
    }

    /** The application's version, for example {@code "0.1.0"}. */
    public static String current() {
        return CURRENT;
    }

    /** One line for {@code --version}: the application's version and its api version. */
    public static String describe() {
        return "chat-archive " + CURRENT + " (provider api " + ApiVersion.current() + ")";
    }

    private static String load() {
        try (InputStream in = AppVersion.class.getResourceAsStream("app-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("app-version.properties is missing from the application jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown").trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
