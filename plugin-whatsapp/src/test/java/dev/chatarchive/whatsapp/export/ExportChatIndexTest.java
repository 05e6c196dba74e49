package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatarchive.api.MessageType;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExportChatIndex#build}: every id once (the copy of the first export listed, the first of a file
 * when a file holds it twice), in (instant, id as unsigned) order, whatever order the records lie in.
 */
class ExportChatIndexTest {

    @TempDir
    Path dir;

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 3, 30, 12, 0);

    private record Written(int file, String id, LocalDateTime time, String content) {
    }

    @Test
    void build_keepsTheFirstListedCopyOfEachIdAndOrdersByInstantThenUnsignedId() throws Exception {
        String low = id(0x0000_0000_0000_0001L);
        String high = id(0x8000_0000_0000_0000L); // negative as a signed long: must still sort after low
        String other = id(0x1234_5678_9abc_def0L);
        List<Written> first = List.of(
                new Written(0, high, BASE.plusMinutes(1), "high, first export"),
                new Written(0, other, BASE.plusMinutes(2), "other, first export"),
                new Written(0, low, BASE.plusMinutes(1), "low, first export"),
                new Written(0, other, BASE.plusMinutes(3), "other again, same file"));
        List<Written> second = List.of(
                new Written(1, id(0x4000_0000_0000_0000L), BASE, "only in the second export"),
                new Written(1, low, BASE.plusMinutes(1), "low, second export"));

        ExportChatIndex index = ExportChatIndex.build(List.of(write("a", first), write("b", second)), ZONE);

        assertEquals(List.of("only in the second export", "low, first export", "high, first export",
                "other, first export"), contents(index));
    }

    @Test
    void build_ofShuffledOverlappingExports_equalsTheStraightforwardOrder() throws Exception {
        Random random = new Random(15);
        List<List<Written>> files = new ArrayList<>();
        List<Long> pool = new ArrayList<>();
        for (int file = 0; file < 3; file++) {
            List<Written> records = new ArrayList<>();
            for (int k = 0; k < 4_000; k++) {
                // a third of the ids come back (in this file or another), times mostly ascending with jumps back
                long bits = !pool.isEmpty() && random.nextInt(3) == 0 ? pool.get(random.nextInt(pool.size()))
                        : random.nextLong();
                pool.add(bits);
                int minute = random.nextInt(10) == 0 ? random.nextInt(4_000) : k;
                // DST: 2024-03-31 02:00-03:00 does not exist in Berlin, so some local times share an instant
                LocalDateTime time = BASE.plusMinutes(minute * 3L).plusSeconds(random.nextInt(3));
                records.add(new Written(file, id(bits), time, file + "/" + k));
            }
            files.add(records);
        }
        List<Path> paths = new ArrayList<>();
        for (int file = 0; file < files.size(); file++) {
            paths.add(write("f" + file, files.get(file)));
        }

        ExportChatIndex index = ExportChatIndex.build(paths, ZONE);

        Set<String> seen = new HashSet<>();
        List<Written> expected = new ArrayList<>();
        files.forEach(records -> records.stream().filter(w -> seen.add(w.id())).forEach(expected::add));
        expected.sort(Comparator.<Written>comparingLong(w -> ExportChatIndex.toInstant(w.time(), ZONE).toEpochMilli())
                .thenComparing((a, b) -> Long.compareUnsigned(MessageIds.prefixBits(a.id()),
                        MessageIds.prefixBits(b.id()))));
        assertEquals(expected.stream().map(Written::content).toList(), contents(index));
    }

    @Test
    void sortByInstantThenId_sortsOnlyTheGivenLengthAndLeavesTheRest() {
        long[] instants = {5, 1, 5, 0, 9};
        long[] ids = {2, 7, -1, 3, 0};
        int[] order = {0, 1, 2, 3, 4};
        ExportChatIndex.sortByInstantThenId(order, 4, instants, ids);
        assertArrayEquals(new int[] {3, 1, 0, 2, 4}, order);
    }

    private static String id(long bits) {
        return MessageIds.PREFIX + String.format(Locale.ROOT, "%016x", bits) + "0123456789abcdef";
    }

    private Path write(String name, List<Written> records) throws Exception {
        Path file = dir.resolve(name + ".records");
        try (Records.Writer writer = new Records.Writer(file)) {
            long index = 0;
            for (Written w : records) {
                String header = "[" + w.time() + "] A: ";
                writer.write(new ParsedMessage(w.id(), index, index, w.time(), true, "A", MessageType.TEXT,
                        w.content(), false, null, false, header + w.content()), false);
                index++;
            }
        }
        return file;
    }

    private static List<String> contents(ExportChatIndex index) throws Exception {
        return index.read(0, index.size()).stream().map(m -> m.message().content()).toList();
    }
}
