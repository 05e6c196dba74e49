/**
 * The composition root: {@link dev.chatarchive.host.app.Main} and the adapters that wire the host
 * to the terminal UI ({@link dev.chatarchive.host.app.TerminalApp}, {@link
 * dev.chatarchive.host.app.StoreArchiveReader}: the archive as the UI's read model, {@link
 * dev.chatarchive.host.app.EngineSyncControls}: the sync engine as the UI's controls).
 *
 * <p>May use every host package. No other package uses this one.
 */
package dev.chatarchive.host.app;
