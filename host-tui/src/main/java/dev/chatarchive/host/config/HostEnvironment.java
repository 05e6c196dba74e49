package dev.chatarchive.host.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host reads from the process it runs in to find its folders: environment variables, the
 * user's home, and where the application itself lives. A value so tests can give their own.
 *
 * @param variables      the environment variables
 * @param userHome       the user's home folder ({@code $HOME}, else Java's {@code user.home})
 * @param appDirectory   the folder the application was installed in (its {@code plugins/} and
 *                       {@code samples/} folders are found there), or {@code null} when unknown
 */
public record HostEnvironment(Map<String, String> variables, Path userHome, Path appDirectory) {

    /** The system property the launcher sets to the repository root (the application folder). */
    public static final String APP_DIRECTORY_PROPERTY = "chatarchive.app.dir";

    public HostEnvironment {
        variables = Map.copyOf(Objects.requireNonNull(variables, "variables must not be null"));
        Objects.requireNonNull(userHome, "userHome must not be null");
    }

    /** The environment of this process. */
    public static HostEnvironment ofThisProcess() {
        return new HostEnvironment(System.getenv(), homeOf(System.getenv(), System.getProperty("user.home")),
                findAppDirectory());
    }

    /**
     * The user's home folder as the environment says: {@code $HOME} when it is set to an absolute path,
     * else Java's {@code user.home}. Java reads {@code user.home} from the password database and ignores
     * {@code HOME=}, so {@code HOME=/tmp/x chat-archive} would otherwise still use the real home.
     */
    static Path homeOf(Map<String, String> variables, String userHome) {
        String home = variables.get("HOME");
        if (home != null && !home.isBlank() && Path.of(home.strip()).isAbsolute()) {
            return Path.of(home.strip());
        }
        return Path.of(userHome);
    }

    /** An environment variable, if set and not blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /**
     * The launcher names the application folder with {@value #APP_DIRECTORY_PROPERTY}; run as
     * {@code java -jar some/where/chat-archive.jar}, the folder holding the jar is the application folder.
     */
    private static Path findAppDirectory() {
        String property = System.getProperty(APP_DIRECTORY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            Path codeSource = Path.of(HostEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.toString().endsWith(".jar") ? codeSource.getParent() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
