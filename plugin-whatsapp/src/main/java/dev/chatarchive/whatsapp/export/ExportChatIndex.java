package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.HistoryCursor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    private static ExportChatIndex sortedAndDeduplicated(List<Path> files, LongList instants, LongList ids,
                                                         LongList locations) {
        int n = instants.size;
        Integer[] byId = new Integer[n];
        for (int i = 0; i < n; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, Comparator.<Integer>comparingLong(i -> ids.values[i])
                .thenComparingLong(i -> locations.values[i]));
        boolean[] duplicate = new boolean[n];
        int kept = n;
        for (int k = 1; k < n; k++) {
            if (ids.values[byId[k]] == ids.values[byId[k - 1]]) {
                duplicate[byId[k]] = true;
                kept--;
            }
        }
        Integer[] order = new Integer[kept];
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (!duplicate[i]) {
                order[next++] = i;
            }
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> instants.values[i])
                .thenComparing((a, b) -> Long.compareUnsigned(ids.values[a], ids.values[b])));
        long[] sortedInstants = new long[kept];
        long[] sortedIds = new long[kept];
        long[] sortedLocations = new long[kept];
        for (int k = 0; k < kept; k++) {
            sortedInstants[k] = instants.values[order[k]];
            sortedIds[k] = ids.values[order[k]];
            sortedLocations[k] = locations.values[order[k]];
        }
        return new ExportChatIndex(List.copyOf(files), sortedInstants, sortedIds, sortedLocations);
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
}
