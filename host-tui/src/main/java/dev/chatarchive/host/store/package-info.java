/**
 * The archive: one SQLite file through Jdbi ({@link dev.chatarchive.host.store.Archive}, one
 * transaction per {@link dev.chatarchive.host.store.ArchiveSession}), versioned by {@link
 * dev.chatarchive.host.store.Migrations}. Messages, chats, sync checkpoints, sync requests, the global
 * sync status, attachments and full-text search each have a store class; the seed's rules for a
 * message are {@link dev.chatarchive.host.store.MessageRules}. docs/schema.md describes the tables.
 *
 * <p>May use: {@code checkpoint}, {@code media}, the api. Never the engine, the plugins or a front end.
 */
package dev.chatarchive.host.store;
