package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.api.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider as the rest of the host sees it: the plugin's {@link HistoryProvider} behind a
 * {@link PluginCallGuard}, so every call runs on the plugin's worker with a timeout and anything the
 * plugin throws becomes a typed {@link ProviderException} of that call (see the guard). This is the
 * one place that times provider calls out ({@link CallTimeouts}, the table in the api's
 * {@code HistoryProvider} Javadoc) and types their failures; the sync engine's
 * {@code ProviderCaller} only throttles and cancels.
 *
 * <p>Methods that the api says cannot fail ({@link #status()}, {@link #chatIdProblem(String)}...) answer
 * with a safe value when the plugin fails them: an {@code ERROR} status saying why, a chat id refused
 * with the reason, no import, only {@link PagingDirection#OLDER}.
 *
 * <p>A provider whose start failed stays listed, with {@link #problem()} saying why; every question to
 * it fails with that reason and it is never asked anything.
 */
public final class GuardedProvider implements HistoryProvider {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedProvider.class);

    /** Used when a provider fails to say how hard it may be pressed: one careful request at a time. */
    private static final SyncPolicy CAUTIOUS = new SyncPolicy(1, Duration.ofSeconds(1), 50);

    private final String pluginId;
    private final ProviderInfo info;
    private final HistoryProvider delegate;
    private final PluginCallGuard guard;
    private final CallTimeouts timeouts;
    private volatile String problem;
    private volatile boolean started;

    GuardedProvider(String pluginId, ProviderInfo info, HistoryProvider delegate, PluginCallGuard guard,
                    CallTimeouts timeouts) {
        this.pluginId = Objects.requireNonNull(pluginId);
        this.info = Objects.requireNonNull(info);
        this.delegate = Objects.requireNonNull(delegate);
        this.guard = Objects.requireNonNull(guard);
        this.timeouts = Objects.requireNonNull(timeouts);
    }

    /** The id of the plugin that carries this provider. */
    public String pluginId() {
        return pluginId;
    }

    /** Shorthand for {@code info().id()}. */
    public String id() {
        return info.id();
    }

    /** Whether the provider started and can be asked questions. */
    public boolean isStarted() {
        return started && problem == null;
    }

    /** Why this provider cannot be used, as a sentence, or empty when it can. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Marks the provider unusable without asking it anything (a duplicate id, a reserved id). */
    void refuse(String reason) {
        this.problem = reason;
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    /**
     * The registry starts every provider once, when it loads it; nobody else may.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void start(ProviderContext context) {
        throw new UnsupportedOperationException("Providers are started by the ProviderRegistry when it loads them.");
    }

    /** Starts the plugin's provider, guarded; on failure the provider keeps the reason as its problem. */
    void startWith(ProviderContext context) throws ProviderException, InterruptedException {
        requireUsable();
        try {
            guard.run("starting", timeouts.lifecycle(), () -> {
                delegate.start(context);
                return null;
            });
            started = true;
        } catch (ProviderException e) {
            problem = "It failed to start: " + e.getMessage();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (!started) {
            guard.close();
            return;
        }
        started = false;
        try {
            guard.run("stopping", timeouts.lifecycle(), () -> {
                delegate.stop();
                return null;
            });
        } catch (ProviderException e) {
            LOG.warn("Provider '{}' did not stop cleanly: {}", id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            guard.close();
        }
    }

    @Override
    public ProviderStatus status() {
        if (problem != null) {
            return new ProviderStatus(ConnectionState.ERROR, problem);
        }
        try {
            ProviderStatus status = guard.call("reporting its status", timeouts.quick(), delegate::status);
            return status != null ? status : new ProviderStatus(ConnectionState.ERROR, info.name() + " reported no status.");
        } catch (ProviderException e) {
            return new ProviderStatus(ConnectionState.ERROR, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderStatus(ConnectionState.ERROR, "Interrupted while asking " + info.name() + " for its status.");
        }
    }

    @Override
    public List<ChatDescription> listChats() throws ProviderException, InterruptedException {
        requireUsable();
        List<ChatDescription> chats = guard.call("listing its chats", timeouts.history(), delegate::listChats);
        if (chats == null) {
            throw new PermanentProviderException(info.name() + " answered with no list of chats.");
        }
        return List.copyOf(chats);
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
        requireUsable();
        HistoryPage page = guard.call("fetching history of " + request.chatId(), timeouts.history(),
                () -> delegate.fetchHistory(request));
        if (page == null) {
            throw new PermanentProviderException(info.name() + " answered with no page of history for " + request.chatId() + ".");
        }
        return page;
    }

    @Override
    public Set<PagingDirection> supportedDirections() {
        if (problem != null) {
            return EnumSet.of(PagingDirection.OLDER);
        }
        try {
            Set<PagingDirection> directions = guard.call("naming its paging directions", timeouts.quick(),
                    delegate::supportedDirections);
            EnumSet<PagingDirection> result = EnumSet.of(PagingDirection.OLDER);
            if (directions != null) {
                result.addAll(directions);
            }
            return result;
        } catch (ProviderException e) {
            return EnumSet.of(PagingDirection.OLDER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EnumSet.of(PagingDirection.OLDER);
        }
    }

    @Override
    public SyncPolicy syncPolicy() {
        if (problem != null) {
            return CAUTIOUS;
        }
        try {
            SyncPolicy policy = guard.call("giving its sync policy", timeouts.quick(), delegate::syncPolicy);
            return policy != null ? policy : CAUTIOUS;
        } catch (ProviderException e) {
            return CAUTIOUS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CAUTIOUS;
        }
    }

    @Override
    public SyncPolicy syncPolicy(HistoryRequest request) {
        if (problem != null) {
            return CAUTIOUS;
        }
        try {
            SyncPolicy policy = guard.call("giving the sync policy of a request", timeouts.quick(),
                    () -> delegate.syncPolicy(request));
            return policy != null ? policy : syncPolicy();
        } catch (ProviderException e) {
            return syncPolicy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CAUTIOUS;
        }
    }

    @Override
    public Optional<String> chatIdProblem(String chatId) {
        if (problem != null) {
            return Optional.of(info.name() + " is not available: " + problem);
        }
        try {
            Optional<String> answer = guard.call("checking a chat id", timeouts.quick(), () -> delegate.chatIdProblem(chatId));
            return answer != null ? answer : Optional.empty();
        } catch (ProviderException e) {
            return Optional.of(info.name() + " could not check the chat id: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Interrupted while " + info.name() + " checked the chat id.");
        }
    }

    @Override
    public boolean canImport(Path source) {
        if (problem != null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(guard.call("looking at " + source, timeouts.quick(), () -> delegate.canImport(source)));
        } catch (ProviderException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<ChatDescription> importSource(Path source) throws ProviderException, InterruptedException {
        requireUsable();
        List<ChatDescription> chats = guard.call("importing " + source, timeouts.importing(), () -> delegate.importSource(source));
        return chats == null ? List.of() : List.copyOf(chats);
    }

    @Override
    public List<ChatDescription> importSource(Path source, ImportOptions options)
            throws ProviderException, InterruptedException {
        requireUsable();
        List<ChatDescription> chats = guard.call("importing " + source, timeouts.importing(),
                () -> delegate.importSource(source, options));
        return chats == null ? List.of() : List.copyOf(chats);
    }

    @Override
    public void logout() throws ProviderException, InterruptedException {
        requireUsable();
        guard.run("logging out", timeouts.history(), () -> {
            delegate.logout();
            return null;
        });
    }

    private void requireUsable() throws PermanentProviderException {
        String reason = problem;
        if (reason != null) {
            throw new PermanentProviderException(info.name() + " is not available: " + reason);
        }
    }

    @Override
    public String toString() {
        return "provider '" + id() + "' of plugin '" + pluginId + "'";
    }
}
