/**
 * The WhatsApp plugin: {@link dev.chatarchive.whatsapp.WhatsAppPlugin} (PF4J) and the one provider
 * the host sees, {@link dev.chatarchive.whatsapp.WhatsAppHistoryProvider}, which routes each chat to
 * the sources that hold it (phone backups, exports, live) and splits a chat two sources share at
 * their horizon.
 *
 * <p>May use every package of the plugin. No package of the plugin uses this one.
 */
package dev.chatarchive.whatsapp;
