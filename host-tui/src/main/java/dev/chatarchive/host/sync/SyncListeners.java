package dev.chatarchive.host.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one sync service; a listener that throws is logged and skipped, never fatal. */
final class SyncListeners {

    private static final Logger LOG = LoggerFactory.getLogger(SyncListeners.class);

    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();

    void add(SyncListener listener) {
        listeners.add(listener);
    }

    void remove(SyncListener listener) {
        listeners.remove(listener);
    }

    void publish(SyncEvent event) {
        for (SyncListener listener : listeners) {
            try {
                listener.onSyncEvent(event);
            } catch (RuntimeException e) {
                LOG.error("A sync listener failed on {}", event, e);
            }
        }
    }
}
