package dev.chatarchive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportOptionsTest {

    @Test
    void none_hasNoOptions() {
        assertTrue(ImportOptions.NONE.values().isEmpty());
        assertEquals(Optional.empty(), ImportOptions.NONE.get(ImportOptions.KEY));
    }

    @Test
    void with_addsOrReplaces_andLeavesTheOriginalAlone() {
        ImportOptions one = ImportOptions.NONE.with(ImportOptions.KEY, "a");
        ImportOptions two = one.with(ImportOptions.KEY, "b").with(ImportOptions.CONTACTS, "/x/wa.db");
        assertEquals(Optional.of("a"), one.get(ImportOptions.KEY));
        assertEquals(Optional.of("b"), two.get(ImportOptions.KEY));
        assertEquals(Optional.of("/x/wa.db"), two.get(ImportOptions.CONTACTS));
    }

    @Test
    void values_areCopiedAndUnmodifiable() {
        Map<String, String> given = new HashMap<>(Map.of("date-order", "day-first"));
        ImportOptions options = new ImportOptions(given);
        given.put("key", "secret");
        assertFalse(options.get("key").isPresent());
        assertThrows(UnsupportedOperationException.class, () -> options.values().put("key", "x"));
    }

    @Test
    void blankNamesOrValues_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImportOptions(Map.of(" ", "x")));
        assertThrows(IllegalArgumentException.class, () -> new ImportOptions(Map.of("key", " ")));
    }

    @Test
    void toString_namesTheOptionsButNeverTheirValues() {
        String text = ImportOptions.NONE.with(ImportOptions.KEY, "0123456789abcdef").toString();
        assertTrue(text.contains("key"), text);
        assertFalse(text.contains("0123456789abcdef"), text);
    }

    @Test
    void providerWrittenForTheOneArgumentForm_stillImports() throws Exception {
        HistoryProvider old = new HistoryProvider() {
            @Override
            public ProviderInfo info() {
                return new ProviderInfo("old", "Old", "1.0.0");
            }

            @Override
            public List<ChatDescription> listChats() {
                return List.of();
            }

            @Override
            public HistoryPage fetchHistory(HistoryRequest request) {
                return HistoryPage.last(List.of());
            }

            @Override
            public List<ChatDescription> importSource(Path source) {
                return List.of(new ChatDescription("1@s.whatsapp.net", source.getFileName().toString(), false, null, null));
            }
        };
        assertEquals("f.txt", old.importSource(Path.of("f.txt"), ImportOptions.NONE.with("key", "k")).get(0).title());
    }
}
