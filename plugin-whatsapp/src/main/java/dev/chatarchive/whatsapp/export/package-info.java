/**
 * WhatsApp's own chat exports ({@code _chat.txt} or the zip around it): finding and parsing them
 * ({@link dev.chatarchive.whatsapp.export.ExportFileParser}, {@link
 * dev.chatarchive.whatsapp.export.HeaderGrammar}, {@link dev.chatarchive.whatsapp.export.DateOrder}),
 * stable message ids ({@link dev.chatarchive.whatsapp.export.MessageIds}), the registry of imported
 * exports, and {@link dev.chatarchive.whatsapp.export.ExportHistorySource}, which pages them.
 * docs/whatsapp-exports.md describes the formats.
 *
 * <p>May use: {@code jid}, {@code source}, the api. Never the root package, {@code live} or {@code backup}.
 */
package dev.chatarchive.whatsapp.export;
