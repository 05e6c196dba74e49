package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoryProvider;
import java.util.List;
import java.util.Optional;

/**
 * The providers the sync engine may call, as the plugin layer has loaded and started them. The
 * engine finds a chat's provider by the id stored with the chat; it never loads plugins itself.
 *
 * <p>In the application each provider is behind the plugin guard
 * ({@code dev.chatarchive.host.plugin.GuardedProvider}), the one owner of call timeouts and of typing
 * what a plugin throws; the engine does not repeat either (see {@link ProviderCaller}).
 */
public interface ProviderDirectory {

    /** Every started provider. */
    List<HistoryProvider> providers();

    /** The started provider with this {@link dev.chatarchive.api.ProviderInfo#id()}, if any. */
    default Optional<HistoryProvider> provider(String providerId) {
        return providers().stream().filter(provider -> provider.info().id().equals(providerId)).findFirst();
    }

    /** A directory of exactly these providers. */
    static ProviderDirectory of(List<HistoryProvider> providers) {
        List<HistoryProvider> copy = List.copyOf(providers);
        return () -> copy;
    }
}
