package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RecentKeys remembers and forgets exactly what the access-ordered LinkedHashMap it replaced in
 * MessageIds did: ids depend on which header times are still remembered, so any difference would
 * change ids.
 */
class RecentKeysTest {

    private static Map<Long, Integer> accessOrderedMap(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    @Test
    void computeIfAbsent_seededMixOfNewRecentAndForgottenKeys_behavesAsTheAccessOrderedMap() {
        for (int capacity : new int[] {1, 2, 7, 64, 1024}) {
            Random random = new Random(capacity);
            Map<Long, Integer> expected = accessOrderedMap(capacity);
            RecentKeys<Integer> actual = new RecentKeys<>(capacity);
            long next = 0;
            int found = 0;
            for (int step = 0; step < 200_000; step++) {
                // Mostly rising keys, as header times are, with returns to recent and to long-forgotten ones.
                long key = switch (random.nextInt(4)) {
                    case 0 -> next++;
                    case 1 -> Math.max(0, next - 1 - random.nextInt(capacity + 2));
                    case 2 -> random.nextInt((int) Math.min(Integer.MAX_VALUE, next + 1));
                    default -> next + random.nextInt(3);
                };
                int now = step;
                // Each value is the step it was made at: equal results mean both remembered (or both forgot) it.
                int expectedValue = expected.computeIfAbsent(key, k -> now);
                int actualValue = actual.computeIfAbsent(key, k -> now);

                assertEquals(expectedValue, actualValue, "key " + key + " at step " + step + ", capacity " + capacity);
                assertEquals(expected.size(), actual.size());
                found += expectedValue != now ? 1 : 0;
            }
            assertTrue(found > 10_000, "keys are found again often enough to compare what is remembered: " + found);
        }
    }
}
