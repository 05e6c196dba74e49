package dev.chatarchive.whatsapp.export;

import java.util.function.LongFunction;

/**
 * The values of the last {@code capacity} distinct {@code long} keys used, least recently used evicted
 * first: the behaviour of an access-ordered {@link java.util.LinkedHashMap} that drops its eldest
 * entry past {@code capacity}, without its per-entry objects, boxing and rehashing. {@link MessageIds}
 * touches it once per message, which made the map one of the parser's largest costs.
 *
 * <p>Layout: entries live in parallel arrays, linked from least to most recently used; an
 * open-addressing table (linear probing, at most a quarter full) maps a key to its entry.
 */
final class RecentKeys<V> {

    private static final int NONE = -1;

    private final int capacity;
    private final long[] keys;
    private final Object[] values;
    private final int[] older;
    private final int[] newer;
    private final int[] table;
    private final int mask;
    private int eldest = NONE;
    private int youngest = NONE;
    private int size;

    RecentKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        keys = new long[capacity + 1];
        values = new Object[capacity + 1];
        older = new int[capacity + 1];
        newer = new int[capacity + 1];
        table = new int[Integer.highestOneBit(capacity * 4) << 1];
        java.util.Arrays.fill(table, NONE);
        mask = table.length - 1;
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, made the most recently used; made by {@code create} when absent. */
    @SuppressWarnings("unchecked")
    V computeIfAbsent(long key, LongFunction<V> create) {
        int bucket = bucketOf(key);
        int entry = table[bucket];
        if (entry != NONE) {
            if (entry != youngest) {
                unlink(entry);
                linkYoungest(entry);
            }
            return (V) values[entry];
        }
        V value = create.apply(key);
        // Entries are numbered 0..capacity; the one past capacity is evicted at once, freeing its number.
        int fresh = size;
        keys[fresh] = key;
        values[fresh] = value;
        table[bucket] = fresh;
        linkYoungest(fresh);
        size++;
        if (size > capacity) {
            evict(eldest);
        }
        return value;
    }

    /** The table slot holding {@code key}, or the empty slot where it would go. */
    private int bucketOf(long key) {
        int bucket = spread(key) & mask;
        while (table[bucket] != NONE && keys[table[bucket]] != key) {
            bucket = (bucket + 1) & mask;
        }
        return bucket;
    }

    private static int spread(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void evict(int entry) {
        removeFromTable(keys[entry]);
        unlink(entry);
        size--;
        int last = size;
        if (entry != last) {
            // Move the highest-numbered entry into the freed number, so numbers stay 0..size-1.
            keys[entry] = keys[last];
            values[entry] = values[last];
            table[bucketOf(keys[last])] = entry;
            int before = older[last];
            int after = newer[last];
            older[entry] = before;
            newer[entry] = after;
            if (before != NONE) {
                newer[before] = entry;
            } else {
                eldest = entry;
            }
            if (after != NONE) {
                older[after] = entry;
            } else {
                youngest = entry;
            }
        }
        values[last] = null;
    }

    /** Linear probing's deletion: later keys of the same run shift back so no lookup stops short. */
    private void removeFromTable(long key) {
        int hole = bucketOf(key);
        table[hole] = NONE;
        int bucket = (hole + 1) & mask;
        while (table[bucket] != NONE) {
            int home = spread(keys[table[bucket]]) & mask;
            boolean movable = hole <= bucket ? home <= hole || home > bucket : home <= hole && home > bucket;
            if (movable) {
                table[hole] = table[bucket];
                table[bucket] = NONE;
                hole = bucket;
            }
            bucket = (bucket + 1) & mask;
        }
    }

    private void unlink(int entry) {
        int before = older[entry];
        int after = newer[entry];
        if (before != NONE) {
            newer[before] = after;
        } else {
            eldest = after;
        }
        if (after != NONE) {
            older[after] = before;
        } else {
            youngest = before;
        }
    }

    private void linkYoungest(int entry) {
        older[entry] = youngest;
        newer[entry] = NONE;
        if (youngest != NONE) {
            newer[youngest] = entry;
        } else {
            eldest = entry;
        }
        youngest = entry;
    }
}
