/**
 * Android's {@code msgstore.db}, the legacy and the modern schema, and {@code wa.db} contact names.
 *
 * <p>May use: {@code backup} (its reader types), {@code jid}, the api.
 */
package dev.chatarchive.whatsapp.backup.android;
