package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.HistoryCursor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The messages of one chat across all its exports, in the provider's order, as a compact index: per
 * message its instant, the first 64 bits of its id, and where its record lies in a
 * {@link ParsedExportCache} file (24 bytes a message; the records stay on disk, see {@link Records}). Built once per run
 * (and again when the chat's exports change), it answers any page by seeking to the records it needs,
 * never by parsing an export again.
 *
 * <p>Order: by instant, then by id, the same order the host keeps (timestamp, id). Messages sharing a
 * header time already differ by a millisecond each, in file order ({@link ParsedMessage#localTime()}).
 * A message present in several exports (same id) is kept once, from the first export listed.
 */
final class ExportChatIndex {

    private final List<Path> files;
    private final long[] instants;
    private final long[] idBits;
    private final long[] locations;

    private ExportChatIndex(List<Path> files, long[] instants, long[] idBits, long[] locations) {
        this.files = files;
        this.instants = instants;
        this.idBits = idBits;
        this.locations = locations;
    }

    /** Indexes the cached messages in {@code messageFiles} (preferred copy first), converting times from {@code zone}. */
    static ExportChatIndex build(List<Path> messageFiles, ZoneId zone) throws IOException, InterruptedException {
        LongList instants = new LongList();
        LongList ids = new LongList();
        LongList locations = new LongList();
        for (int fileNo = 0; fileNo < messageFiles.size(); fileNo++) {
            long file = (long) fileNo << 40;
            Records.scan(messageFiles.get(fileNo), (localTime, idBits, offset) -> {
                instants.add(toInstant(localTime, zone).toEpochMilli());
                ids.add(idBits);
                locations.add(file | offset);
            });
        }
        return sortedAndDeduplicated(messageFiles, instants, ids, locations);
    }

    /** Exports carry local time; a time a DST change skips or repeats takes the earlier offset. */
    static Instant toInstant(LocalDateTime local, ZoneId zone) {
        return local.atZone(zone).toInstant();
    }

    /**
     * Drops the later copies of an id (the records arrive in location order: file by file, each file's
     * records in order, so the first copy seen is the preferred export's) and sorts the rest by (instant,
     * id as unsigned). Primitive arrays and an inlined comparison, not {@code Integer[]} with comparator
     * lambdas: the app runs on C1 alone, where the boxed sort of a 300,000-message chat took more than a
     * second on the path before the first page is stored.
     */
    private static ExportChatIndex sortedAndDeduplicated(List<Path> files, LongList instants, LongList ids,
                                                         LongList locations) {
        int n = instants.size;
        long[] instantOf = instants.values;
        long[] idOf = ids.values;
        int[] order = new int[n];
        int kept = 0;
        IdSet seen = new IdSet(n);
        for (int i = 0; i < n; i++) {
            if (seen.add(idOf[i])) {
                order[kept++] = i;
            }
        }
        sortByInstantThenId(order, kept, instantOf, idOf);
        long[] sortedInstants = new long[kept];
        long[] sortedIds = new long[kept];
        long[] sortedLocations = new long[kept];
        for (int k = 0; k < kept; k++) {
            sortedInstants[k] = instantOf[order[k]];
            sortedIds[k] = idOf[order[k]];
            sortedLocations[k] = locations.values[order[k]];
        }
        return new ExportChatIndex(List.copyOf(files), sortedInstants, sortedIds, sortedLocations);
    }

    /** Whether position {@code a} comes before {@code b}: older instant first, then the smaller id (unsigned). */
    private static boolean before(int a, int b, long[] instantOf, long[] idOf) {
        long x = instantOf[a];
        long y = instantOf[b];
        return x < y || (x == y && Long.compareUnsigned(idOf[a], idOf[b]) < 0);
    }

    /**
     * Sorts {@code order[0, length)} by {@link #before}: a bottom-up merge sort that skips the merge of two
     * runs already in order, so an export (already in time order but for a few lines) costs one pass.
     */
    static void sortByInstantThenId(int[] order, int length, long[] instantOf, long[] idOf) {
        boolean sorted = true;
        for (int k = 1; k < length && sorted; k++) {
            sorted = !before(order[k], order[k - 1], instantOf, idOf);
        }
        if (sorted) {
            return;
        }
        int[] from = order;
        int[] to = new int[length];
        for (int width = 1; width < length; width *= 2) {
            for (int low = 0; low < length; low += 2 * width) {
                int middle = Math.min(low + width, length);
                int high = Math.min(low + 2 * width, length);
                if (middle == high || !before(from[middle], from[middle - 1], instantOf, idOf)) {
                    System.arraycopy(from, low, to, low, high - low);
                    continue;
                }
                int left = low;
                int right = middle;
                for (int k = low; k < high; k++) {
                    if (right >= high || (left < middle && !before(from[right], from[left], instantOf, idOf))) {
                        to[k] = from[left++];
                    } else {
                        to[k] = from[right++];
                    }
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != order) {
            System.arraycopy(from, 0, order, 0, length);
        }
    }

    /** Whether the parsed copies this index points into are all still there. */
    boolean filesPresent() {
        return files.stream().allMatch(java.nio.file.Files::isRegularFile);
    }

    int size() {
        return instants.length;
    }

    /** The newest message's instant, or {@code null} for an empty chat. */
    Instant newest() {
        return instants.length == 0 ? null : Instant.ofEpochMilli(instants[instants.length - 1]);
    }

    /**
     * The range {@code [from, to)} of positions strictly older than {@code cursor} (up to {@code limit},
     * the newest of them), or strictly newer (the oldest of them). A cursor this index does not hold
     * (a message from live sync, or from an export no longer registered) is placed by its time alone.
     */
    int[] range(HistoryCursor cursor, boolean older, int limit) {
        int n = instants.length;
        if (older) {
            int end = cursor == null ? n : positionOf(cursor).orElse(lowerBound(cursor.timestamp().toEpochMilli()));
            return new int[] {Math.max(0, end - limit), end};
        }
        int start = cursor == null ? 0
                : positionOf(cursor).stream().map(p -> p + 1).findFirst()
                        .orElse(upperBound(cursor.timestamp().toEpochMilli()));
        return new int[] {start, (int) Math.min(n, (long) start + limit)};
    }

    private OptionalInt positionOf(HistoryCursor cursor) {
        String id = cursor.messageId();
        if (!id.startsWith(MessageIds.PREFIX) || id.length() < MessageIds.PREFIX.length() + 16) {
            return OptionalInt.empty();
        }
        long bits;
        try {
            bits = MessageIds.prefixBits(id);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
        long time = cursor.timestamp().toEpochMilli();
        for (int p = lowerBound(time); p < instants.length && instants[p] == time; p++) {
            if (idBits[p] == bits) {
                return OptionalInt.of(p);
            }
        }
        for (int p = 0; p < idBits.length; p++) {
            if (idBits[p] == bits) {
                return OptionalInt.of(p);
            }
        }
        return OptionalInt.empty();
    }

    private int lowerBound(long time) {
        int low = 0;
        int high = instants.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (instants[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private int upperBound(long time) {
        int low = 0;
        int high = instants.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (instants[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The cached messages at positions {@code [from, to)}, oldest first. */
    List<ParsedExportCache.CachedMessage> read(int from, int to) throws IOException {
        List<ParsedExportCache.CachedMessage> messages = new ArrayList<>(Math.max(0, to - from));
        Records.RandomReader[] open = new Records.RandomReader[files.size()];
        try {
            for (int p = from; p < to; p++) {
                int fileNo = (int) (locations[p] >>> 40);
                long offset = locations[p] & ((1L << 40) - 1);
                if (open[fileNo] == null) {
                    open[fileNo] = new Records.RandomReader(files.get(fileNo));
                }
                messages.add(open[fileNo].at(offset));
            }
        } finally {
            for (Records.RandomReader file : open) {
                if (file != null) {
                    file.close();
                }
            }
        }
        return messages;
    }

    /** A growable array of longs: an index of a million messages must not box them. */
    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    /** A set of 64-bit id prefixes (open addressing): which ids an index has already taken. */
    private static final class IdSet {
        private final long[] slots;
        private final boolean[] used;
        private final int mask;

        IdSet(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
            slots = new long[capacity];
            used = new boolean[capacity];
            mask = capacity - 1;
        }

        /** Adds {@code id}; false when it was already there. */
        boolean add(long id) {
            int slot = (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
            while (used[slot]) {
                if (slots[slot] == id) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            slots[slot] = id;
            return true;
        }
    }
}
