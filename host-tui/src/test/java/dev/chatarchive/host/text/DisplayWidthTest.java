package dev.chatarchive.host.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayWidthTest {

    @Test
    void of_ascii_isOneColumnEach() {
        assertEquals(5, DisplayWidth.of("hello"));
    }

    @Test
    void of_cjk_isTwoColumnsEach() {
        assertEquals(4, DisplayWidth.of("中文"));
        assertEquals(6, DisplayWidth.of("한국어"));
    }

    @Test
    void of_emoji_isTwoColumns() {
        assertEquals(2, DisplayWidth.of("😀"));
        assertEquals(2, DisplayWidth.of("⌚"));
    }

    @Test
    void of_emojiSequences_areTwoColumnsEach() {
        assertEquals(2, DisplayWidth.of("👍🏽"));
        assertEquals(2, DisplayWidth.of("👨\u200D👩\u200D👧"));
        assertEquals(2, DisplayWidth.of("🇳🇱"));
        assertEquals(2, DisplayWidth.of("❤\uFE0F"));
    }

    @Test
    void of_combiningMark_takesNoColumn() {
        assertEquals(1, DisplayWidth.of("x\u0301"));
        assertEquals(0, DisplayWidth.ofCodePoint(0x0301));
    }

    @Test
    void of_narrowSymbols_areOneColumn() {
        assertEquals(1, DisplayWidth.of("✓"));
        assertEquals(1, DisplayWidth.of("é"));
        assertEquals(1, DisplayWidth.of("ｱ"));
    }

    @Test
    void split_keepsEmojiSequencesAndMarksTogether() {
        assertEquals(List.of("a", "👍🏽", "🇳🇱", "x\u0301", "👨\u200D👩\u200D👧"),
                Graphemes.split("a👍🏽🇳🇱x\u0301👨\u200D👩\u200D👧"));
    }

    @Test
    void split_pairsRegionalIndicatorsIntoFlags() {
        assertEquals(List.of("🇳🇱", "🇧🇪", "🇩"), Graphemes.split("🇳🇱🇧🇪🇩"));
    }
}
