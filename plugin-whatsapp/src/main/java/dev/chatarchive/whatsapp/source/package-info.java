/**
 * {@link dev.chatarchive.whatsapp.source.HistorySource}: the plugin-internal contract each kind of
 * source (backups, exports, live) implements behind the one provider.
 *
 * <p>May use: the api only.
 */
package dev.chatarchive.whatsapp.source;
