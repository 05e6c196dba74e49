package dev.chatarchive.host.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextLayoutTest {

    @Test
    void wrap_breaksAtSpacesWithinTheWidth() {
        assertEquals(List.of("the quick", "brown fox"), TextLayout.wrap("the quick brown fox", 10));
    }

    @Test
    void wrap_keepsParagraphsAndEmptyLines() {
        assertEquals(List.of("one", "", "two"), TextLayout.wrap("one\n\ntwo", 10));
    }

    @Test
    void wrap_cutsAWordLongerThanTheLineBetweenGraphemes() {
        assertEquals(List.of("abcd", "efgh", "ij"), TextLayout.wrap("abcdefghij", 4));
    }

    @Test
    void wrap_countsWideCharactersAsTwoColumns() {
        List<String> lines = TextLayout.wrap("中文中文中文", 5);

        assertEquals(List.of("中文", "中文", "中文"), lines);
    }

    @Test
    void wrap_neverSplitsAnEmojiSequence() {
        List<String> lines = TextLayout.wrap("a👍🏽b👍🏽c👍🏽", 4);

        for (String line : lines) {
            assertTrue(DisplayWidth.of(line) <= 4, line);
        }
        assertEquals("a👍🏽b👍🏽c👍🏽", String.join("", lines));
    }

    @Test
    void truncate_addsEllipsisWithinTheWidth() {
        assertEquals("hell…", TextLayout.truncate("hello world", 5));
        assertEquals("中…", TextLayout.truncate("中文字", 4));
    }

    @Test
    void fit_padsToTheExactWidth() {
        assertEquals("ab   ", TextLayout.fit("ab", 5));
        assertEquals(6, DisplayWidth.of(TextLayout.fit("中文字符", 6)));
    }
}
