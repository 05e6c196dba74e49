/**
 * The iPhone's {@code ChatStorage.sqlite}, alone or inside an iTunes/Finder backup folder
 * ({@code Manifest.db}).
 *
 * <p>May use: {@code backup} (its reader types), {@code jid}, the api.
 */
package dev.chatarchive.whatsapp.backup.ios;
