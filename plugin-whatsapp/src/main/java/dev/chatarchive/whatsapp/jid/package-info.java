/**
 * WhatsApp's chat and user ids: {@link dev.chatarchive.whatsapp.jid.WhatsAppJid} checks and
 * normalises them, and is the one place that knows which ids are groups ({@code isGroup}).
 *
 * <p>May use: nothing of the plugin (it is a leaf).
 */
package dev.chatarchive.whatsapp.jid;
