/**
 * Decrypting Android backups ({@code .crypt12}, {@code .crypt14}, {@code .crypt15}) with the user's
 * key file or 64-digit key.
 *
 * <p>May use: nothing of the plugin (it is a leaf).
 */
package dev.chatarchive.whatsapp.backup.crypt;
