package dev.chatarchive.host.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.EnumSet;
import java.util.Objects;

/**
 * How a run of text looks: colours and attributes. The palette is small and uses the terminal's
 * own colours (and its default colour for plain text) so that light and dark themes both read.
 */
public record Style(TextColor foreground, TextColor background, EnumSet<SGR> attributes) {

    public static final Style PLAIN = new Style(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, EnumSet.noneOf(SGR.class));
    public static final Style BOLD = PLAIN.with(SGR.BOLD);
    public static final Style DIM = new Style(TextColor.ANSI.BLACK_BRIGHT, TextColor.ANSI.DEFAULT, EnumSet.noneOf(SGR.class));
    public static final Style SELECTED = PLAIN.with(SGR.REVERSE);
    public static final Style HIGHLIGHT = new Style(TextColor.ANSI.BLACK, TextColor.ANSI.YELLOW, EnumSet.noneOf(SGR.class));
    public static final Style STATUS = new Style(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, EnumSet.noneOf(SGR.class));
    public static final Style ERROR = new Style(TextColor.ANSI.RED_BRIGHT, TextColor.ANSI.DEFAULT, EnumSet.of(SGR.BOLD));
    public static final Style ACCENT = new Style(TextColor.ANSI.CYAN, TextColor.ANSI.DEFAULT, EnumSet.noneOf(SGR.class));
    public static final Style OWN = new Style(TextColor.ANSI.GREEN, TextColor.ANSI.DEFAULT, EnumSet.of(SGR.BOLD));
    public static final Style QR = new Style(TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLACK, EnumSet.noneOf(SGR.class));

    public Style {
        Objects.requireNonNull(foreground, "foreground must not be null");
        Objects.requireNonNull(background, "background must not be null");
        attributes = attributes == null ? EnumSet.noneOf(SGR.class) : EnumSet.copyOf(attributes);
    }

    /** This style with {@code attribute} added. */
    public Style with(SGR attribute) {
        EnumSet<SGR> more = attributes.isEmpty() ? EnumSet.noneOf(SGR.class) : EnumSet.copyOf(attributes);
        more.add(attribute);
        return new Style(foreground, background, more);
    }
}
