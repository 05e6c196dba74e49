/**
 * Text for the terminal: {@link dev.chatarchive.host.text.TerminalSanitizer} (untrusted message text
 * can never move the cursor or change colours), {@link dev.chatarchive.host.text.Graphemes}, {@link
 * dev.chatarchive.host.text.DisplayWidth} and {@link dev.chatarchive.host.text.TextLayout} (wrapping
 * by display cells).
 *
 * <p>May use: nothing of the host (it is a leaf).
 */
package dev.chatarchive.host.text;
