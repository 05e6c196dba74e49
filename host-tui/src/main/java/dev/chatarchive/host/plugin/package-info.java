/**
 * Loading and guarding plugins: {@link dev.chatarchive.host.plugin.ProviderRegistry} loads the
 * plugin jars with PF4J ({@link dev.chatarchive.host.plugin.ProviderPluginManager}), starts each
 * {@code HistoryProvider} and hands it out as a {@link dev.chatarchive.host.plugin.GuardedProvider}:
 * the one place that times provider calls out ({@link dev.chatarchive.host.plugin.CallTimeouts}) and
 * types what a plugin throws ({@link dev.chatarchive.host.plugin.PluginCallGuard}). Events a provider
 * publishes go through the {@link dev.chatarchive.host.plugin.ProviderEventBus}.
 *
 * <p>May use: {@code config}, the api, PF4J. Never the store, the engine or a front end.
 */
package dev.chatarchive.host.plugin;
