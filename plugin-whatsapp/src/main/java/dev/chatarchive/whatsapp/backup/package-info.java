/**
 * Phone backups as a source: {@link dev.chatarchive.whatsapp.backup.BackupHistorySource} opens an
 * Android {@code msgstore.db} (plain or {@code .crypt12/14/15}) or an iPhone {@code ChatStorage.sqlite}
 * / backup folder through the sub-packages, on a working copy, and pages its chats. docs/whatsapp-backups.md
 * describes the formats.
 *
 * <p>May use: its sub-packages, {@code jid}, {@code source}, the api, the plugin's own sqlite-jdbc.
 * Never the root package, {@code export} or {@code live}. (Known: {@code backup} and its {@code android}
 * and {@code ios} sub-packages use each other.)
 */
package dev.chatarchive.whatsapp.backup;
