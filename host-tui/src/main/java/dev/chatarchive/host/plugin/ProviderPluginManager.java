package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ApiVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DevelopmentPluginLoader;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
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
 *   <li>two files with the same plugin id are both refused, with a sentence;
 *   <li>a {@code Plugin-Class} that cannot be made fails with a sentence naming the class, instead of
 *       PF4J's bare NullPointerException;
 *   <li>plugins see only the api, PF4J and SLF4J of the host ({@link PluginApiClassLoader}).
 * </ul>
 * Nothing else changes: the repositories and descriptor finders are PF4J's defaults.
 */
final class ProviderPluginManager extends DefaultPluginManager {

    private final Map<Path, Throwable> loadFailures = new LinkedHashMap<>();
    private final Map<Path, String> refusals = new LinkedHashMap<>();
    private final Map<String, List<Path>> duplicateIds = new LinkedHashMap<>();
    private final ClassLoader apiLoader = new PluginApiClassLoader(ProviderPluginManager.class.getClassLoader());

    ProviderPluginManager(Path pluginsDirectory) {
        super(pluginsDirectory);
        setSystemVersion(ApiVersion.current());
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** Plugin files that could not be loaded, with what went wrong. */
    Map<Path, Throwable> loadFailures() {
        return Map.copyOf(loadFailures);
    }

    /** Plugin files refused on purpose, with a sentence saying why (two files with one plugin id). */
    Map<Path, String> refusals() {
        return Map.copyOf(refusals);
    }

    /**
     * Loads every plugin file, then refuses every plugin id that more than one file carries: which of
     * them PF4J met first depends on the order of file names, which must not decide which plugin runs.
     */
    @Override
    public void loadPlugins() {
        super.loadPlugins();
        duplicateIds.forEach((pluginId, paths) -> {
            PluginWrapper loaded = getPlugin(pluginId);
            if (loaded != null) {
                paths.add(0, loaded.getPluginPath());
                unloadPlugin(pluginId);
            }
            String names = String.join(", ", paths.stream().map(path -> path.getFileName().toString()).toList());
            for (Path path : paths) {
                loadFailures.remove(path);
                refusals.put(path, "Its plugin id '" + pluginId + "' is also the id of " + (paths.size() == 2 ? "another plugin file"
                        : (paths.size() - 1) + " other plugin files") + " (" + names + "), so neither is used. Remove all but "
                        + "one of them from the plugins folder.");
            }
        });
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
            String sharedId = idAlreadyLoaded(pluginPath);
            if (sharedId != null) {
                duplicateIds.computeIfAbsent(sharedId, id -> new ArrayList<>()).add(pluginPath);
                throw e instanceof PluginRuntimeException runtime ? runtime : new PluginRuntimeException(e, "Duplicate plugin id");
            }
            loadFailures.put(pluginPath, e);
            // PF4J's loop goes on to the next file only for a PluginRuntimeException.
            throw e instanceof PluginRuntimeException runtime ? runtime : new PluginRuntimeException(e, "Cannot load plugin {}", pluginPath);
        }
    }

    /**
     * PF4J's loaders (development folders, jars, zip folders), each making plugin class loaders whose
     * parent is the {@link PluginApiClassLoader}: a plugin sees the api, PF4J and SLF4J of the host,
     * the Java platform, and its own classes, nothing else. Its own classes come first (a library it
     * bundles wins), except the api and SLF4J, which always come from the host so that a provider's
     * {@code HistoryProvider} is the host's.
     */
    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new DevelopmentPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new ProviderPluginClassLoader(this.pluginManager, descriptor, apiLoader);
                    }
                }, this::isDevelopment)
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new ProviderPluginClassLoader(this.pluginManager, descriptor, apiLoader);
                    }
                }, this::isNotDevelopment)
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new ProviderPluginClassLoader(this.pluginManager, descriptor, apiLoader);
                    }
                }, this::isNotDevelopment);
    }

    /** A plugin's own classes first, then its dependencies, then the visible host classes; api and SLF4J host-first. */
    private static final class ProviderPluginClassLoader extends PluginClassLoader {

        ProviderPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader apiLoader) {
            super(manager, descriptor, apiLoader, ClassLoadingStrategy.PDA);
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            return super.shouldDelegateToParent(className) || className.startsWith("dev.chatarchive.api.")
                    || className.startsWith("org.slf4j.");
        }
    }

    /** The plugin id of the file at {@code pluginPath} when a plugin with that id is loaded already, else null. */
    private String idAlreadyLoaded(Path pluginPath) {
        try {
            String pluginId = getPluginDescriptorFinder().find(pluginPath).getPluginId();
            return pluginId != null && getPlugin(pluginId) != null ? pluginId : null;
        } catch (RuntimeException e) {
            return null;
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
