package dev.chatarchive.host.browse;

/**
 * How many messages a search matches in all, counted up to a cap.
 *
 * @param hits    the number counted (the cap when {@code atLeast})
 * @param atLeast whether counting stopped at the cap: there are more than {@code hits}
 */
public record HitCount(long hits, boolean atLeast) {

    public HitCount {
        if (hits < 0) {
            throw new IllegalArgumentException("hits must not be negative: " + hits);
        }
    }
}
