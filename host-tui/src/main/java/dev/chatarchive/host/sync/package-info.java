/**
 * The sync engine: {@link dev.chatarchive.host.sync.SyncService} runs one {@link
 * dev.chatarchive.host.sync.SyncRun} per chat (page back, catch up, one transaction per page), bulk
 * syncs, pushed history and imports ({@link dev.chatarchive.host.sync.SourceImport}), and tells
 * {@link dev.chatarchive.host.sync.SyncListener}s what it committed. Providers are called through
 * {@link dev.chatarchive.host.sync.ProviderCaller} (throttling and cancelling only; timeouts and
 * failure typing are the plugin guard's). docs/sync.md explains the design.
 *
 * <p>May use: {@code store}, {@code checkpoint}, {@code media}, the api. Never {@code plugin} (providers
 * come through {@link dev.chatarchive.host.sync.ProviderDirectory}) or a front end.
 */
package dev.chatarchive.host.sync;
