package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ProviderEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link PublishedEvent}s from providers to whoever listens: the sync engine stores history
 * that arrives unasked, the UI shows pairing codes and connection states.
 *
 * <p>The api promises providers that publishing returns at once and never waits on the UI or the
 * database, so {@link #publish} only queues; one daemon thread delivers events in the order they were
 * published, to each listener in the order they subscribed. A listener that throws is logged and the
 * others still get the event. Listeners must hand slow work to their own threads (the UI: its GUI
 * thread; the sync engine: its writer).
 */
public final class ProviderEventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderEventBus.class);
    /** Put on the queue by close(): the delivery thread ends when it takes it. */
    private static final PublishedEvent STOP = new PublishedEvent("-", new ProviderEvent.Notice("stop", false));

    private final List<Consumer<PublishedEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<PublishedEvent> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private volatile boolean closed;

    public ProviderEventBus() {
        dispatcher = new Thread(this::deliverUntilClosed, "provider-events");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * Calls {@code listener} with every event published from now on, until the returned subscription
     * is closed.
     */
    public AutoCloseable subscribe(Consumer<PublishedEvent> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Queues an event for delivery; returns at once. Events published after {@link #close()} are dropped. */
    public void publish(PublishedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (closed) {
            LOG.debug("Dropped an event from '{}' published after shutdown: {}", event.providerId(), event.event());
            return;
        }
        queue.add(event);
    }

    /**
     * Waits until every event published before this call has been handed to the listeners, or
     * {@code timeout} passed. For a command that prints what providers said before it ends.
     *
     * @return whether they all were
     */
    public boolean awaitDelivered(java.time.Duration timeout) throws InterruptedException {
        if (closed) {
            return true;
        }
        PublishedEvent marker = new PublishedEvent(FLUSH_PREFIX + java.util.UUID.randomUUID(),
                new ProviderEvent.Notice("flush", false));
        java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);
        flushes.put(marker, delivered);
        try {
            queue.add(marker);
            return delivered.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } finally {
            flushes.remove(marker);
        }
    }

    /** Provider ids no provider has: the markers {@link #awaitDelivered} queues, never delivered. */
    private static final String FLUSH_PREFIX = "\u0000flush-";
    private final java.util.Map<PublishedEvent, java.util.concurrent.CountDownLatch> flushes =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Delivers what is queued, then stops the delivery thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            dispatcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverUntilClosed() {
        while (true) {
            PublishedEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (event == STOP) {
                return;
            }
            if (event.providerId().startsWith(FLUSH_PREFIX)) {
                java.util.concurrent.CountDownLatch delivered = flushes.get(event);
                if (delivered != null) {
                    delivered.countDown();
                }
                continue;
            }
            for (Consumer<PublishedEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("A listener failed on an event from '{}': {}", event.providerId(), event.event(), e);
                }
            }
        }
    }
}
