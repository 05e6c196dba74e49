/**
 * Writing chats out of the archive ({@code chat-archive export}): {@link
 * dev.chatarchive.host.export.ArchiveExport} reads a chat in pages ({@link
 * dev.chatarchive.host.export.ChatReader}) and hands it to one {@link
 * dev.chatarchive.host.export.ChatExporter} per format (JSON lines, HTML, WhatsApp text).
 *
 * <p>May use: {@code store}, {@code media}, the api. Not to be confused with the WhatsApp plugin's
 * {@code export} package, which reads WhatsApp's own exports.
 */
package dev.chatarchive.host.export;
