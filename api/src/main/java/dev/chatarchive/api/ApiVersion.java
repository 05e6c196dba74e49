package dev.chatarchive.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The semantic version of this api, as built.
 *
 * <p>The host sets PF4J's system version to {@link #current()}; a plugin names the versions it can
 * work with in its descriptor ({@code Plugin-Requires: ^1.0.0}). Within one major version the api
 * only grows compatibly: new default methods, new optional event types. Anything else bumps the
 * major version, and plugins built for the old one are refused with a message saying so.
 */
public final class ApiVersion {

    private static final String CURRENT = load();

    private ApiVersion() {
    }

    /** The version of the api classes on the class path, for example {@code "1.0.0"}. */
    public static String current() {
        return CURRENT;
    }

    /** The major part of {@link #current()}, for example {@code 1}. */
    public static int major() {
        return Integer.parseInt(CURRENT.substring(0, CURRENT.indexOf('.')));
    }

    private static String load() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("api-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("api-version.properties is missing from the api jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
                throw new IllegalStateException("api-version.properties holds no semantic version: '" + version + "'");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
