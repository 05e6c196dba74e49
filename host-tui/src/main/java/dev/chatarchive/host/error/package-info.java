/**
 * What every command and front end shares about failing: {@link dev.chatarchive.host.error.ExitCodes}
 * and {@link dev.chatarchive.host.error.UserFacingException} (a sentence for the user plus an exit
 * code).
 *
 * <p>May use: nothing of the host (it is a leaf).
 */
package dev.chatarchive.host.error;
