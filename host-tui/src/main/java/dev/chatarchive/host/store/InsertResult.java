package dev.chatarchive.host.store;

import java.util.List;

/**
 * What an insert-or-ignore of messages did.
 *
 * @param inserted how many messages were new and stored
 * @param ignored  how many the archive already held (same chat and id)
 * @param newIds   the ids of the stored ones, in the order given
 */
public record InsertResult(int inserted, int ignored, List<String> newIds) {

    public InsertResult {
        newIds = List.copyOf(newIds);
    }
}
