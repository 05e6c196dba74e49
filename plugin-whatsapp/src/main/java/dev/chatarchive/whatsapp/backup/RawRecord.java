package dev.chatarchive.whatsapp.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The compact raw record a backup message keeps ({@code raw_proto}): where it came from and what the
 * archive's columns do not hold (row id, the source's type and action codes, media file, quoted
 * message, reactions, location). Never the text again: the content column has it.
 */
public final class RawRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node = JSON.createObjectNode();

    public RawRecord(String source, long row) {
        node.put("source", source);
        node.put("row", row);
    }

    public RawRecord put(String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
        return this;
    }

    public RawRecord put(String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    public RawRecord put(String field, Double value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    public RawRecord flag(String field, boolean value) {
        if (value) {
            node.put(field, true);
        }
        return this;
    }

    /** A nested object, created on first use. */
    public ObjectNode object(String field) {
        return node.has(field) ? (ObjectNode) node.get(field) : node.putObject(field);
    }

    /** A nested array, created on first use. */
    public ArrayNode array(String field) {
        return node.has(field) ? (ArrayNode) node.get(field) : node.putArray(field);
    }

    /**
     * The record as JSON, exactly as Jackson writes it ({@code ObjectNode.toString()}), written here
     * for the values a record holds (strings, longs, ints, finite doubles, booleans, nested objects and
     * arrays): Jackson's writer set-up per call cost more than the rest of building a message on the
     * backup's read-ahead thread. Anything else is left to Jackson.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(96);
        return write(node, out) ? out.toString() : node.toString();
    }

    /** Appends {@code value} as Jackson would; false when it holds a kind of value left to Jackson. */
    static boolean write(JsonNode value, StringBuilder out) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(field.getKey(), out);
                    out.append(':');
                    if (!write(field.getValue(), out)) {
                        return false;
                    }
                }
                out.append('}');
                return true;
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!write(value.get(i), out)) {
                        return false;
                    }
                }
                out.append(']');
                return true;
            }
            case STRING -> {
                string(value.textValue(), out);
                return true;
            }
            case NUMBER -> {
                if (value.isLong() || value.isInt()) {
                    out.append(value.longValue());
                    return true;
                }
                if (value.isDouble() && Double.isFinite(value.doubleValue())) {
                    out.append(Double.toString(value.doubleValue()));
                    return true;
                }
                return false;
            }
            case BOOLEAN -> {
                out.append(value.booleanValue());
                return true;
            }
            case NULL -> {
                out.append("null");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string with Jackson's default escapes: quote, backslash, and the control characters below 32. */
    private static void string(String text, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 32 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, start, text.length()).append('"');
    }
}
