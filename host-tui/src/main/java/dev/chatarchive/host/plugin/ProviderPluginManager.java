package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ApiVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginAlreadyLoadedException;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's plugin manager, set up so that one broken plugin never stops the others:
 * <ul>
 *   <li>the system version is the api's version, so {@code Plugin-Requires} is checked (PF4J skips
 *       the check while the system version is its default "0.0.0");
 *   <li>a plugin whose dependencies cannot be resolved is dropped, not the whole set
 *       ({@code IGNORE_PLUGIN_AND_CONTINUE});
 *   <li>why a plugin file could not be loaded at all (a corrupt jar, no descriptor) is kept per file,
 *       so it can be shown to the user and not only logged;
 *   <li>a {@code Plugin-Class} that cannot be made fails with a sentence naming the class, instead of
 *       PF4J's bare NullPointerException.
 * </ul>
 * Nothing else changes: the repositories, descriptor finders and class loading are PF4J's defaults.
 */
final class ProviderPluginManager extends DefaultPluginManager {

    private final Map<Path, Throwable> loadFailures = new LinkedHashMap<>();

    ProviderPluginManager(Path pluginsDirectory) {
        super(pluginsDirectory);
        setSystemVersion(ApiVersion.current());
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** Plugin files that could not be loaded, with what went wrong. */
    Map<Path, Throwable> loadFailures() {
        return Map.copyOf(loadFailures);
    }

    /** Whether the plugin was refused because it requires another api version. */
    boolean requiresAnotherApi(PluginWrapper plugin) {
        return !isPluginValid(plugin);
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (PluginAlreadyLoadedException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            loadFailures.put(pluginPath, e);
            // PF4J's loop goes on to the next file only for a PluginRuntimeException.
            throw e instanceof PluginRuntimeException runtime ? runtime : new PluginRuntimeException(e, "Cannot load plugin {}", pluginPath);
        }
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new ExplainingPluginFactory();
    }

    /** Says which class is missing or unusable instead of returning null. */
    private static final class ExplainingPluginFactory extends DefaultPluginFactory {
        @Override
        public Plugin create(PluginWrapper pluginWrapper) {
            String className = pluginWrapper.getDescriptor().getPluginClass();
            if (className == null || className.isBlank() || Plugin.class.getName().equals(className)) {
                // No Plugin-Class: PF4J's own Plugin, which does nothing, is all the plugin needs.
                return new Plugin() {
                };
            }
            Class<?> pluginClass;
            try {
                pluginClass = pluginWrapper.getPluginClassLoader().loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginClassProblem("its Plugin-Class " + className + " is not in the plugin", e);
            }
            if (!Plugin.class.isAssignableFrom(pluginClass)) {
                throw new PluginClassProblem("its Plugin-Class " + className + " does not extend org.pf4j.Plugin", null);
            }
            Plugin plugin = super.create(pluginWrapper);
            if (plugin == null) {
                throw new PluginClassProblem("its Plugin-Class " + className
                        + " could not be created; it needs a public no-argument constructor", null);
            }
            return plugin;
        }
    }

    /** A Plugin-Class that cannot be used; the message is the whole explanation, for the user. */
    static final class PluginClassProblem extends PluginRuntimeException {
        PluginClassProblem(String sentence, Throwable cause) {
            super(cause, sentence);
        }
    }
}
