package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatarchive.api.ProviderEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProviderEventBusTest {

    private static PublishedEvent notice(String text) {
        return new PublishedEvent("test", new ProviderEvent.Notice(text, false));
    }

    @Test
    void publish_deliversEveryEventInOrderToEverySubscriber() {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        ProviderEventBus bus = new ProviderEventBus();
        bus.subscribe(event -> first.add(((ProviderEvent.Notice) event.event()).message()));
        bus.subscribe(event -> second.add(((ProviderEvent.Notice) event.event()).message()));

        bus.publish(notice("one"));
        bus.publish(notice("two"));
        bus.close();

        assertEquals(List.of("one", "two"), first);
        assertEquals(List.of("one", "two"), second);
    }

    @Test
    void awaitDelivered_returnsOnceEverythingPublishedBeforeIsDelivered_andListenersNeverSeeTheMarker()
            throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        ProviderEventBus bus = new ProviderEventBus();
        bus.subscribe(event -> {
            try {
                Thread.sleep(50); // a slow listener: the wait must cover it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(((ProviderEvent.Notice) event.event()).message());
        });
        for (int i = 0; i < 5; i++) {
            bus.publish(notice("n" + i));
        }

        boolean delivered = bus.awaitDelivered(java.time.Duration.ofSeconds(10));

        org.junit.jupiter.api.Assertions.assertTrue(delivered);
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), received);
        bus.close();
        assertEquals(5, received.size(), "the marker is never handed to a listener");
    }

    @Test
    void aListenerThatThrows_doesNotKeepEventsFromTheOthers() {
        List<String> received = new CopyOnWriteArrayList<>();
        ProviderEventBus bus = new ProviderEventBus();
        bus.subscribe(event -> {
            throw new IllegalStateException("listener bug");
        });
        bus.subscribe(event -> received.add(((ProviderEvent.Notice) event.event()).message()));

        bus.publish(notice("one"));
        bus.publish(notice("two"));
        bus.close();

        assertEquals(List.of("one", "two"), received);
    }

    @Test
    void closedSubscription_receivesNothingMore() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        ProviderEventBus bus = new ProviderEventBus();
        AutoCloseable subscription = bus.subscribe(event -> received.add("got one"));

        subscription.close();
        bus.publish(notice("one"));
        bus.close();

        assertEquals(List.of(), received);
    }

    @Test
    void publishAfterClose_isDropped() {
        List<String> received = new CopyOnWriteArrayList<>();
        ProviderEventBus bus = new ProviderEventBus();
        bus.subscribe(event -> received.add("got one"));
        bus.close();

        bus.publish(notice("late"));

        assertEquals(List.of(), received);
    }
}
