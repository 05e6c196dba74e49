/**
 * The media store: attachment bytes kept by SHA-256 in {@code media/} beside the archive ({@link
 * dev.chatarchive.host.media.MediaStore}), plus the small rules about files every layer needs ({@link
 * dev.chatarchive.host.media.MimeTypes}, {@link dev.chatarchive.host.media.FileSizes}, {@link
 * dev.chatarchive.host.media.SafeNames}).
 *
 * <p>May use: the api. Nothing else of the host.
 */
package dev.chatarchive.host.media;
