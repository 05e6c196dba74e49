package dev.chatarchive.host.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminalSanitizerTest {

    private static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F));
    }

    @Test
    void sanitize_ansiColourSequence_showsEscapeVisiblyInsteadOfInterpretingIt() {
        String safe = TerminalSanitizer.sanitize("\u001b[31mred\u001b[0m");

        assertEquals("␛[31mred␛[0m", safe);
    }

    @Test
    void sanitize_oscTitleSequenceWithBell_leavesNoControlCharacter() {
        String safe = TerminalSanitizer.sanitize("\u001b]0;pwned\u0007after");

        assertEquals("␛]0;pwned␇after", safe);
        assertFalse(hasControlCharacters(safe));
    }

    @Test
    void sanitize_c1ControlIntroducer_becomesVisibleMarker() {
        assertEquals("‹U+009B›2J", TerminalSanitizer.sanitize("\u009b2J"));
    }

    @Test
    void sanitize_lineBreaks_areNormalisedAndLoneCarriageReturnShown() {
        assertEquals("a\nb\nc\nd␍e", TerminalSanitizer.sanitize("a\r\nb\nc\u2028d\re"));
    }

    @Test
    void sanitize_tab_becomesSpaces() {
        assertEquals("a    b", TerminalSanitizer.sanitize("a\tb"));
    }

    @Test
    void sanitize_bidiOverride_isShownAsMarker() {
        assertEquals("invoice‹RLO›fdp.exe", TerminalSanitizer.sanitize("invoice\u202Efdp.exe"));
    }

    @Test
    void sanitize_bidiIsolatesAndMarks_areShownAsMarkers() {
        assertEquals("‹LRI›x‹PDI›‹RLM›", TerminalSanitizer.sanitize("\u2066x\u2069\u200F"));
    }

    @Test
    void sanitize_zeroWidthSpaceAndBom_areShownAsMarkers() {
        assertEquals("pay‹ZWSP›pal‹BOM›", TerminalSanitizer.sanitize("pay\u200Bpal\uFEFF"));
    }

    @Test
    void sanitize_zeroWidthJoinerInsideEmojiSequence_isKept() {
        String family = "👨\u200D👩\u200D👧";

        assertEquals(family, TerminalSanitizer.sanitize(family));
    }

    @Test
    void sanitize_zeroWidthJoinerBetweenSpaces_isShown() {
        assertEquals(" ‹ZWJ› ", TerminalSanitizer.sanitize(" \u200D "));
    }

    @Test
    void sanitize_decomposedAccent_isComposedToNfc() {
        assertEquals("é", TerminalSanitizer.sanitize("e\u0301"));
    }

    @Test
    void sanitize_combiningMarkWithoutBase_getsDottedCircle() {
        assertEquals("◌\u0301", TerminalSanitizer.sanitize("\u0301"));
    }

    @Test
    void sanitize_zalgoStack_keepsAtMostFourMarks() {
        String safe = TerminalSanitizer.sanitize("x" + "\u0336".repeat(40));

        assertEquals("x" + "\u0336".repeat(4), safe);
    }

    @Test
    void sanitize_loneSurrogate_becomesReplacementCharacter() {
        assertEquals("a\uFFFDb", TerminalSanitizer.sanitize("a\uD83Db"));
    }

    @Test
    void sanitize_null_isEmpty() {
        assertEquals("", TerminalSanitizer.sanitize(null));
    }

    @Test
    void sanitize_everyCodePointOfTheBasicPlane_neverThrowsAndLeavesNoControl() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x10000; c++) {
            all.append((char) c);
        }
        String safe = TerminalSanitizer.sanitize(all.toString());

        assertFalse(hasControlCharacters(safe));
        assertTrue(safe.length() > 60_000);
    }

    @Test
    void sanitizeLine_lineBreaks_becomeSpaces() {
        assertEquals("a b", TerminalSanitizer.sanitizeLine("a\nb"));
    }

    @Test
    void sanitize_cyrillicAndCjk_areUnchanged() {
        assertEquals("Привет 你好", TerminalSanitizer.sanitize("Привет 你好"));
    }
}
