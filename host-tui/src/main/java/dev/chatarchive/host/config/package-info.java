/**
 * Where things live and what the user set: {@link dev.chatarchive.host.config.HostLocations} (data
 * folder, archive, plugins, log), {@link dev.chatarchive.host.config.LocationOverrides} ({@code
 * --data-dir}, {@code CHAT_ARCHIVE_HOME}...), {@link dev.chatarchive.host.config.HostEnvironment}
 * and {@link dev.chatarchive.host.config.Settings} (the properties file).
 *
 * <p>May use: {@code error}. Nothing else of the host.
 */
package dev.chatarchive.host.config;
