/**
 * {@link dev.chatarchive.host.cache.RecentChats}: a Caffeine cache of recently opened chats in front
 * of any {@link dev.chatarchive.host.browse.ArchiveReader}, invalidated per chat when the engine
 * stores messages.
 *
 * <p>May use: {@code browse}, {@code checkpoint}, the api, Caffeine. Never the store itself.
 */
package dev.chatarchive.host.cache;
