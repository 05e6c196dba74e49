/**
 * Live history from the user's phone through the Node sidecar (Baileys): {@link
 * dev.chatarchive.whatsapp.live.SidecarSupervisor} and {@link dev.chatarchive.whatsapp.live.SidecarProcess}
 * run it, {@link dev.chatarchive.whatsapp.live.WireFormat} is the JSON line protocol, and {@link
 * dev.chatarchive.whatsapp.live.LiveHistorySource} pages a chat 50 messages at a time.
 * docs/whatsapp-live.md describes the protocol.
 *
 * <p>May use: {@code jid}, {@code source}, the api. Never the root package, {@code export} or {@code backup}.
 */
package dev.chatarchive.whatsapp.live;
