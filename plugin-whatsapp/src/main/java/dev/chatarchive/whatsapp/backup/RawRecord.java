package dev.chatarchive.whatsapp.backup;

/**
 * Writes the compact raw record a backup message keeps ({@code raw_proto}): where it came from and
 * what the archive's columns do not hold (row id, the source's type and action codes, media file,
 * quoted message, reactions, location). Never the text again: the content column has it.
 *
 * <p>One writer per reader, reused record after record (not thread-safe, like the readers): a record
 * is {@link #start started}, its fields written in the order they appear in the text, and
 * {@link #end ended}, which gives its JSON. The text is the one Jackson's tree of the same fields
 * gives ({@code RawRecordTest}), which is how the records were first written, so the stored records do
 * not change: strings escaped as Jackson escapes them ({@code "} and the backslash after a backslash,
 * a control character as a backslash and one of {@code b t n f r}, or else as a backslash, {@code u00}
 * and two upper-case hex digits; everything else as it is, emoji
 * and lone surrogates included), numbers as {@code Long.toString} and {@code Double.toString} (an
 * infinite or NaN double as a quoted string). Written into one reused buffer without Jackson: its
 * generator cost about a tenth of the reading thread's time at 1,000,000 messages, for records of a
 * handful of fields.
 */
public final class RawRecord {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** The short escape of each control character that has one, else 0. */
    private static final char[] SHORT_ESCAPES = new char[0x20];

    static {
        SHORT_ESCAPES['\b'] = 'b';
        SHORT_ESCAPES['\t'] = 't';
        SHORT_ESCAPES['\n'] = 'n';
        SHORT_ESCAPES['\f'] = 'f';
        SHORT_ESCAPES['\r'] = 'r';
    }

    /** At most this many field names and sources are kept written out (the readers' own few literals). */
    private static final int NAMES_KEPT = 64;

    private final StringBuilder text = new StringBuilder(256);
    /** Field names (and sources) as written, quoted and escaped, by the string itself (the readers pass literals). */
    private final java.util.Map<String, String> written = new java.util.IdentityHashMap<>();
    /** Whether the object or array open at each depth (0: the record) has a member already. */
    private boolean[] hasMember = new boolean[8];
    private int depth;

    /** Begins a record with its {@code source} and {@code row} fields; a record left unfinished is dropped. */
    public RawRecord start(String source, long row) {
        text.setLength(0);
        depth = 0;
        hasMember[0] = false;
        text.append('{');
        name("source");
        text.append(quoted(source));
        name("row");
        text.append(row);
        return this;
    }

    /** The field, unless {@code value} is null or empty. */
    public RawRecord put(String field, String value) {
        if (value != null && !value.isEmpty()) {
            putEvenIfEmpty(field, value);
        }
        return this;
    }

    /** The field, unless {@code value} is null (an empty text is written). */
    public RawRecord putEvenIfEmpty(String field, String value) {
        if (value != null) {
            name(field);
            string(value);
        }
        return this;
    }

    /** The field, unless {@code value} is null. */
    public RawRecord put(String field, Long value) {
        if (value != null) {
            name(field);
            text.append(value.longValue());
        }
        return this;
    }

    /** The field, unless {@code value} is null. */
    public RawRecord put(String field, Double value) {
        if (value != null) {
            name(field);
            double number = value;
            if (Double.isFinite(number)) {
                text.append(Double.toString(number));
            } else {
                string(Double.toString(number));
            }
        }
        return this;
    }

    /** {@code "field":true} when {@code value}; nothing otherwise. */
    public RawRecord flag(String field, boolean value) {
        if (value) {
            name(field);
            text.append("true");
        }
        return this;
    }

    /** Begins a nested object named {@code field}; {@link #endObject} ends it. */
    public RawRecord startObject(String field) {
        name(field);
        open('{');
        return this;
    }

    /** Begins an object inside the array being written. */
    public RawRecord startObject() {
        member();
        open('{');
        return this;
    }

    /** Ends the nested object begun last. */
    public RawRecord endObject() {
        text.append('}');
        depth--;
        return this;
    }

    /** Begins a nested array named {@code field}; {@link #endArray} ends it. */
    public RawRecord startArray(String field) {
        name(field);
        open('[');
        return this;
    }

    /** Ends the array begun last. */
    public RawRecord endArray() {
        text.append(']');
        depth--;
        return this;
    }

    /** Ends the record and gives its JSON text. */
    public String end() {
        text.append('}');
        String record = text.toString();
        text.setLength(0);
        return record;
    }

    private void member() {
        if (hasMember[depth]) {
            text.append(',');
        }
        hasMember[depth] = true;
    }

    private void name(String field) {
        member();
        text.append(quoted(field)).append(':');
    }

    /** {@code value} quoted and escaped, kept for the next time the same string comes (a literal: a name, a source). */
    private String quoted(String value) {
        String quoted = written.get(value);
        if (quoted == null) {
            int at = text.length();
            string(value);
            quoted = text.substring(at);
            text.setLength(at);
            if (written.size() < NAMES_KEPT) {
                written.put(value, quoted);
            }
        }
        return quoted;
    }

    private void open(char bracket) {
        text.append(bracket);
        depth++;
        if (depth == hasMember.length) {
            hasMember = java.util.Arrays.copyOf(hasMember, depth * 2);
        }
        hasMember[depth] = false;
    }

    private void string(String value) {
        text.append('"');
        int length = value.length();
        int from = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            text.append(value, from, i).append('\\');
            if (c == '"' || c == '\\') {
                text.append(c);
            } else if (SHORT_ESCAPES[c] != 0) {
                text.append(SHORT_ESCAPES[c]);
            } else {
                text.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            from = i + 1;
        }
        text.append(value, from, length).append('"');
    }
}
