/**
 * The terminal UI on Lanterna: {@link dev.chatarchive.host.ui.TerminalUi} (the render and key loop),
 * its panes, dialogs and overlays, the {@link dev.chatarchive.host.ui.Keymap}, and what it asks of
 * the outside: an {@link dev.chatarchive.host.browse.ArchiveReader} to read and {@link
 * dev.chatarchive.host.ui.SyncControls} to sync. The wiring ({@code app}) provides both.
 *
 * <p>May use: {@code browse}, {@code checkpoint}, {@code text}, {@code media}, the api, Lanterna,
 * ZXing. Never {@code store}, {@code sync}, {@code plugin}, {@code cache} or the root package.
 */
package dev.chatarchive.host.ui;
