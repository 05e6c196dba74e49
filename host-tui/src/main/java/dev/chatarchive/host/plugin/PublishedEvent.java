package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ProviderEvent;
import java.util.Objects;

/**
 * A {@link ProviderEvent} with the provider that published it.
 *
 * @param providerId the publishing provider's id
 * @param event      what it said
 */
public record PublishedEvent(String providerId, ProviderEvent event) {

    public PublishedEvent {
        Objects.requireNonNull(providerId, "providerId must not be null");
        Objects.requireNonNull(event, "event must not be null");
    }
}
