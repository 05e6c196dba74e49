/**
 * Progress of long work, one shape for all of it: {@link dev.chatarchive.host.progress.WorkProgress}
 * (what is being done, how far), told to a {@link dev.chatarchive.host.progress.ProgressListener},
 * thinned out by a {@link dev.chatarchive.host.progress.ProgressThrottle} so that telling it never slows
 * the work. The host's own work (adopting a baileys-bridge database) reports through it, and a
 * provider's {@code ProviderEvent.Progress} (decrypting a backup, parsing an export) becomes one.
 *
 * <p>May use: nothing of the host (it is a leaf).
 */
package dev.chatarchive.host.progress;
