/**
 * The words every layer uses for a chat's sync checkpoint: its states and the seed's state machine
 * ({@link dev.chatarchive.host.checkpoint.SyncState}), and how a sync request treats the checkpoint
 * ({@link dev.chatarchive.host.checkpoint.SyncMode}). The store persists them, the sync engine moves
 * them, the UI shows them and asks with them: one type each, so they cannot drift apart.
 *
 * <p>May use: nothing of the host (it is a leaf).
 */
package dev.chatarchive.host.checkpoint;
