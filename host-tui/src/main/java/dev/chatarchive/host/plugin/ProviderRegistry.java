package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ApiVersion;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.host.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers the host can use, loaded from the plugins folder, and what became of every plugin.
 *
 * <p>Loading, in order: PF4J loads and starts the plugins ({@link ProviderPluginManager}); for each
 * started plugin its {@link HistoryProvider} extensions are created once (and kept: PF4J would make a
 * new instance on every lookup), named by {@link HistoryProvider#info()}, and started with their own
 * {@link dev.chatarchive.api.ProviderContext}. Each step is guarded per plugin and per provider
 * ({@link PluginCallGuard}): a failure marks that plugin or provider with a sentence saying why, logs
 * the stack trace, and loading goes on with the rest. Nothing a plugin does can make
 * {@link #load} throw.
 *
 * <p>Closing stops the providers, then the plugins, each guarded the same way.
 */
public final class ProviderRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    /**
     * What loading needs from the host.
     *
     * @param pluginsDirectory  where plugin jars are
     * @param hostDataDirectory the host's data folder; providers get {@code providers/<id>/} in it
     * @param settings          the config file, from which each provider gets its own keys
     * @param events            where providers' events go
     * @param clock             the clock providers read
     * @param timeouts          how long calls into plugins may take
     * @param archiveFile       the archive the host serves; each provider gets a folder for it
     *                          ({@link ProviderContext#archiveDataDirectory()}, see {@link ArchiveFolders})
     */
    public record Setup(Path pluginsDirectory, Path hostDataDirectory, Settings settings, ProviderEventBus events,
                        Clock clock, CallTimeouts timeouts, Path archiveFile) {

        /** A setup for the default archive, {@code archive.db} in the host's data folder. */
        public Setup(Path pluginsDirectory, Path hostDataDirectory, Settings settings, ProviderEventBus events,
                     Clock clock, CallTimeouts timeouts) {
            this(pluginsDirectory, hostDataDirectory, settings, events, clock, timeouts,
                    hostDataDirectory.resolve(ArchiveFolders.DEFAULT_ARCHIVE));
        }

        public Setup {
            Objects.requireNonNull(pluginsDirectory, "pluginsDirectory must not be null");
            Objects.requireNonNull(hostDataDirectory, "hostDataDirectory must not be null");
            Objects.requireNonNull(settings, "settings must not be null");
            Objects.requireNonNull(events, "events must not be null");
            Objects.requireNonNull(clock, "clock must not be null");
            Objects.requireNonNull(timeouts, "timeouts must not be null");
            Objects.requireNonNull(archiveFile, "archiveFile must not be null");
        }
    }

    /** Which provider a chat belongs to, as the archive records it. */
    @FunctionalInterface
    public interface ChatOwnership {
        /** The id of the provider that brought {@code chatId}, or empty when the archive has no such chat. */
        Optional<String> providerIdOf(String chatId);
    }

    private final ProviderPluginManager manager;
    private final PluginCallGuard managerGuard;
    private final CallTimeouts timeouts;
    private final List<PluginReport> plugins;
    private final Map<String, GuardedProvider> providersById;

    private ProviderRegistry(ProviderPluginManager manager, PluginCallGuard managerGuard, CallTimeouts timeouts,
                             List<PluginReport> plugins, Map<String, GuardedProvider> providersById) {
        this.manager = manager;
        this.managerGuard = managerGuard;
        this.timeouts = timeouts;
        this.plugins = List.copyOf(plugins);
        this.providersById = providersById;
    }

    /** Loads every plugin in the folder and starts its providers. Never throws because of a plugin. */
    public static ProviderRegistry load(Setup setup) {
        LOG.info("Loading plugins from {} (provider api {})", setup.pluginsDirectory(), ApiVersion.current());
        PluginExits.watch();
        ProviderPluginManager manager = new ProviderPluginManager(setup.pluginsDirectory());
        PluginCallGuard managerGuard = new PluginCallGuard("the plugin loader", "a plugin, loaded or started by PF4J",
                ProviderRegistry.class.getClassLoader());
        String startProblem = loadAndStartPlugins(manager, managerGuard, setup.timeouts());

        List<PluginReport> reports = new ArrayList<>();
        Map<String, GuardedProvider> providers = new LinkedHashMap<>();
        List<PluginWrapper> wrappers = new ArrayList<>(manager.getPlugins());
        wrappers.sort(Comparator.comparing(PluginWrapper::getPluginId));
        // First every started plugin's providers are made and named, then ids offered twice are refused,
        // then the rest are started: which plugin file PF4J met first must not decide.
        Map<PluginWrapper, List<GuardedProvider>> made = new LinkedHashMap<>();
        for (PluginWrapper plugin : wrappers) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                made.put(plugin, makeProviders(plugin, manager, managerGuard, setup));
            }
        }
        refuseSharedIds(made);
        for (PluginWrapper plugin : wrappers) {
            List<GuardedProvider> offered = made.get(plugin);
            reports.add(offered == null ? reportOn(plugin, manager, startProblem)
                    : startedReport(plugin, startProviders(plugin, offered, setup, providers)));
        }
        manager.loadFailures().forEach((path, failure) -> reports.add(new PluginReport(null, null, path,
                PluginCondition.NOT_LOADED, whyNotLoaded(path, failure), List.of())));
        manager.refusals().forEach((path, sentence) -> reports.add(new PluginReport(null, null, path,
                PluginCondition.NOT_LOADED, sentence, List.of())));
        reports.forEach(report -> LOG.info("Plugin {} ({}): {}{}", report.displayName(), report.path(),
                report.condition().label(), report.problemSentence().map(problem -> " - " + problem).orElse("")));
        return new ProviderRegistry(manager, managerGuard, setup.timeouts(), reports, providers);
    }

    /** Every plugin file found, loaded or not, with its state and providers. */
    public List<PluginReport> plugins() {
        return plugins;
    }

    /** Every provider found, started or failed, in plugin order. */
    public List<GuardedProvider> providers() {
        return List.copyOf(providersById.values());
    }

    /** The provider with this id, started or not. */
    public Optional<GuardedProvider> find(String providerId) {
        return Optional.ofNullable(providersById.get(providerId));
    }

    /** The provider that brought {@code chatId}, by what the archive records; empty if unknown or not installed. */
    public Optional<GuardedProvider> providerOfChat(String chatId, ChatOwnership ownership) {
        return ownership.providerIdOf(chatId).flatMap(this::find);
    }

    /** Stops every started provider, then the plugins; never throws. */
    @Override
    public void close() {
        providersById.values().forEach(GuardedProvider::stop);
        try {
            managerGuard.run("stopping the plugins", timeouts.lifecycle(), () -> {
                // One by one, newest first: PF4J 3.15's stopPlugins() fails with a
                // ConcurrentModificationException as soon as it has stopped one plugin.
                List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
                Collections.reverse(started);
                for (PluginWrapper plugin : started) {
                    if (plugin.getPluginState() == PluginState.STARTED) {
                        manager.stopPlugin(plugin.getPluginId());
                    }
                }
                return null;
            });
        } catch (ProviderException e) {
            LOG.warn("Plugins did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            managerGuard.close();
        }
    }

    /** @return a sentence when loading or starting as a whole failed, else {@code null} */
    private static String loadAndStartPlugins(ProviderPluginManager manager, PluginCallGuard guard, CallTimeouts timeouts) {
        try {
            guard.run("loading the plugins", timeouts.lifecycle(), () -> {
                manager.loadPlugins();
                return null;
            });
        } catch (ProviderException e) {
            return "Loading plugins failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Loading plugins was interrupted.";
        }
        // One by one, each guarded: PF4J's startPlugins() stops at the first plugin whose start() throws an
        // Error (out of memory, a stack overflow), leaving every plugin after it unstarted.
        for (PluginWrapper plugin : List.copyOf(manager.getResolvedPlugins())) {
            if (plugin.getPluginState().isDisabled() || plugin.getPluginState() == PluginState.STARTED
                    || plugin.getPluginState() == PluginState.FAILED) {
                continue;
            }
            try {
                guard.run("starting plugin '" + plugin.getPluginId() + "'", timeouts.lifecycle(), () -> {
                    manager.startPlugin(plugin.getPluginId());
                    return null;
                });
            } catch (ProviderException e) {
                LOG.error("Plugin '{}' failed to start: {}", plugin.getPluginId(), e.getMessage());
                plugin.setPluginState(PluginState.FAILED);
                plugin.setFailedException(e.getCause() != null ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "Starting plugins was interrupted.";
            }
        }
        return null;
    }

    /** The report of a plugin that did not start (incompatible, disabled, failed...). */
    private static PluginReport reportOn(PluginWrapper plugin, ProviderPluginManager manager, String startProblem) {
        String id = plugin.getPluginId();
        String version = plugin.getDescriptor().getVersion();
        Path path = plugin.getPluginPath();
        PluginState state = plugin.getPluginState();
        if (state == PluginState.DISABLED && manager.requiresAnotherApi(plugin)) {
            return new PluginReport(id, version, path, PluginCondition.INCOMPATIBLE,
                    "It requires provider api " + plugin.getDescriptor().getRequires().strip() + ", but this chat-archive has api "
                            + ApiVersion.current() + ". Install a version of the plugin made for api " + ApiVersion.major() + ".x.",
                    List.of());
        }
        if (state == PluginState.DISABLED) {
            return new PluginReport(id, version, path, PluginCondition.DISABLED,
                    "It is switched off in disabled.txt (or left out of enabled.txt) in the plugins folder.", List.of());
        }
        if (state == PluginState.FAILED) {
            Throwable failure = plugin.getFailedException();
            String why = failure == null ? "see the log file"
                    : failure instanceof ProviderPluginManager.PluginClassProblem explained ? explained.getMessage()
                    : describeFailure(failure);
            return new PluginReport(id, version, path, PluginCondition.FAILED, "It failed to start: " + why + ".", List.of());
        }
        return new PluginReport(id, version, path, PluginCondition.NOT_STARTED, startProblem != null ? startProblem
                : "It was loaded but not started (" + state + "); the log file says why, for example a missing dependency.",
                List.of());
    }

    /** What a plugin threw, for a sentence: the message, and the kind when it is an Error (out of memory...). */
    static String describeFailure(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof Error) {
            return PluginCallGuard.summary(root);
        }
        return rootMessage(failure);
    }

    private static PluginReport startedReport(PluginWrapper plugin, List<GuardedProvider> started) {
        String problem = started.isEmpty()
                ? "It offers no history provider. If it should, check that its provider class is annotated with @Extension "
                + "and that the jar does not contain its own copy of the chat-archive api."
                : null;
        return new PluginReport(plugin.getPluginId(), plugin.getDescriptor().getVersion(), plugin.getPluginPath(),
                PluginCondition.STARTED, problem, started);
    }

    /** Creates and names every provider a started plugin offers; none is started yet. */
    private static List<GuardedProvider> makeProviders(PluginWrapper plugin, ProviderPluginManager manager,
                                                       PluginCallGuard guard, Setup setup) {
        String pluginId = plugin.getPluginId();
        List<Class<? extends HistoryProvider>> classes;
        try {
            classes = guard.call("finding the providers of plugin '" + pluginId + "'", setup.timeouts().lifecycle(),
                    () -> manager.getExtensionClasses(HistoryProvider.class, pluginId));
        } catch (ProviderException e) {
            LOG.error("Cannot list the providers of plugin '{}': {}", pluginId, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<GuardedProvider> result = new ArrayList<>();
        for (Class<? extends HistoryProvider> type : classes) {
            result.add(makeProvider(plugin, type, manager, setup));
        }
        return result;
    }

    /**
     * Refuses every provider whose id another provider also has, all of them: the user must choose by
     * removing a plugin, not the order in which files happen to be read.
     */
    private static void refuseSharedIds(Map<PluginWrapper, List<GuardedProvider>> made) {
        Map<String, List<GuardedProvider>> byId = new LinkedHashMap<>();
        made.values().forEach(providers -> providers.stream().filter(provider -> provider.problem().isEmpty())
                .forEach(provider -> byId.computeIfAbsent(provider.id(), id -> new ArrayList<>()).add(provider)));
        byId.forEach((id, sharing) -> {
            if (sharing.size() < 2) {
                return;
            }
            List<String> plugins = sharing.stream().map(provider -> "'" + provider.pluginId() + "'").distinct().toList();
            String sentence = "The plugins " + String.join(" and ", plugins) + " both offer a provider with the id '" + id
                    + "', so neither is used. Remove one of them from the plugins folder.";
            if (plugins.size() == 1) {
                sentence = "The plugin " + plugins.get(0) + " offers " + sharing.size() + " providers with the id '" + id
                        + "', so none of them is used. The plugin must give each provider its own id.";
            }
            for (GuardedProvider provider : sharing) {
                provider.refuse(sentence);
            }
            LOG.error("{}", sentence);
        });
    }

    /** Starts the providers of one plugin that are not refused; each keeps its own problem when it fails. */
    private static List<GuardedProvider> startProviders(PluginWrapper plugin, List<GuardedProvider> offered, Setup setup,
                                                        Map<String, GuardedProvider> providers) {
        for (GuardedProvider provider : offered) {
            providers.putIfAbsent(provider.id(), provider);
            if (provider.problem().isPresent()) {
                continue;
            }
            startProvider(plugin.getPluginId(), provider, setup);
        }
        return offered;
    }

    private static GuardedProvider makeProvider(PluginWrapper plugin, Class<? extends HistoryProvider> type,
                                                ProviderPluginManager manager, Setup setup) {
        String pluginId = plugin.getPluginId();
        PluginCallGuard guard = new PluginCallGuard("provider " + type.getSimpleName() + " of plugin '" + pluginId + "'",
                "plugin '" + pluginId + "' (provider " + type.getSimpleName() + ")", plugin.getPluginClassLoader());
        HistoryProvider instance;
        ProviderInfo info;
        try {
            instance = guard.call("being created", setup.timeouts().lifecycle(),
                    () -> (HistoryProvider) manager.getExtensionFactory().create(type));
            if (instance == null) {
                throw new IllegalStateException("PF4J could not create " + type.getName() + "; see the log file");
            }
            info = guard.call("naming itself", setup.timeouts().quick(), instance::info);
            Objects.requireNonNull(info, "info() returned null");
        } catch (ProviderException | RuntimeException e) {
            return failedUnnamed(pluginId, type, plugin, guard, setup, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failedUnnamed(pluginId, type, plugin, guard, setup, "interrupted while loading");
        }
        guard.close();
        GuardedProvider provider = new GuardedProvider(pluginId, info, instance,
                new PluginCallGuard(info.name(), "plugin '" + pluginId + "' (provider " + info.name() + ")",
                        plugin.getPluginClassLoader()), setup.timeouts());
        if (Settings.isReservedForHost(info.id())) {
            provider.refuse("Its id '" + info.id() + "' is reserved for chat-archive's own settings; the plugin must use another id.");
        }
        return provider;
    }

    private static void startProvider(String pluginId, GuardedProvider provider, Setup setup) {
        ProviderInfo info = provider.info();
        try {
            Path dataDirectory = Files.createDirectories(setup.hostDataDirectory().resolve("providers").resolve(info.id()));
            Path archiveDirectory = Files.createDirectories(
                    ArchiveFolders.folderFor(dataDirectory, setup.hostDataDirectory(), setup.archiveFile()));
            provider.startWith(new HostProviderContext(info.id(), setup.settings().forProvider(info.id()), dataDirectory,
                    archiveDirectory, setup.hostDataDirectory(), setup.events(), setup.clock()));
            LOG.info("Started provider '{}' ({} {}) of plugin '{}'", info.id(), info.name(), info.version(), pluginId);
        } catch (IOException e) {
            provider.refuse("Its data folder cannot be created (" + e.getMessage() + "); check the permissions of "
                    + setup.hostDataDirectory() + ".");
        } catch (ProviderException e) {
            LOG.error("Provider '{}' of plugin '{}' failed to start: {}", info.id(), pluginId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            provider.refuse("Its start was interrupted.");
        }
    }

    /** A provider that failed before it could say its id: listed under a made-up id, never used. */
    private static GuardedProvider failedUnnamed(String pluginId, Class<? extends HistoryProvider> type, PluginWrapper plugin,
                                                 PluginCallGuard guard, Setup setup, String reason) {
        String madeUpId = (pluginId + "-" + type.getSimpleName()).toLowerCase().replaceAll("[^a-z0-9-]", "-");
        madeUpId = madeUpId.substring(0, Math.min(32, madeUpId.length()));
        ProviderInfo info = new ProviderInfo(madeUpId, type.getSimpleName(), plugin.getDescriptor().getVersion());
        GuardedProvider provider = new GuardedProvider(pluginId, info, new UnusableProvider(info), guard, setup.timeouts());
        provider.refuse("It could not be loaded: " + reason);
        LOG.error("Provider {} of plugin '{}' could not be loaded: {}", type.getName(), pluginId, reason);
        return provider;
    }

    /** A sentence for a plugin file PF4J could not load; PF4J's own message only names its descriptor finders. */
    private static String whyNotLoaded(Path path, Throwable failure) {
        if (Files.isRegularFile(path)) {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                boolean hasDescriptor = zip.getEntry("plugin.properties") != null || zip.getEntry("META-INF/MANIFEST.MF") != null;
                if (!hasDescriptor) {
                    return "It is not a plugin: it has neither a manifest with Plugin-Id nor a plugin.properties. "
                            + "Remove it from the plugins folder.";
                }
            } catch (IOException e) {
                return "It is not a readable jar file (damaged, or only partly copied). Replace it with a good copy of the "
                        + "plugin, or remove it.";
            }
        }
        return "It could not be read as a plugin: " + rootMessage(failure) + ". Replace it with a good copy of the plugin, "
                + "or remove it.";
    }

    /** The deepest cause's message: what actually went wrong, without PF4J's wrapping. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String described = message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
        return described.endsWith(".") ? described.substring(0, described.length() - 1) : described;
    }
}
