package dev.chatarchive.host.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One plugin file and what became of it.
 *
 * @param pluginId  the plugin's id from its descriptor, or {@code null} when the file could not be read
 * @param version   the plugin's version, or {@code null} when unknown
 * @param path      the plugin's file or folder
 * @param condition how it stands
 * @param problem   why it is not working, as a sentence; {@code null} when it works
 * @param providers the providers it brought, each with its own state; empty unless started
 */
public record PluginReport(String pluginId, String version, Path path, PluginCondition condition, String problem,
                           List<GuardedProvider> providers) {

    public PluginReport {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(condition, "condition must not be null");
        providers = List.copyOf(Objects.requireNonNull(providers, "providers must not be null"));
        if (condition != PluginCondition.STARTED && (problem == null || problem.isBlank())) {
            throw new IllegalArgumentException("a plugin that is " + condition.label() + " needs a problem saying why");
        }
    }

    /** Why the plugin does not work, if it does not. */
    public Optional<String> problemSentence() {
        return Optional.ofNullable(problem);
    }

    /** The plugin's id, or its file name when it has none. */
    public String displayName() {
        return pluginId != null ? pluginId : path.getFileName().toString();
    }
}
