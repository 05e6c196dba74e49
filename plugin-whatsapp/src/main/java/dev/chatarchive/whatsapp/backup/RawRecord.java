package dev.chatarchive.whatsapp.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    @Override
    public String toString() {
        return node.toString();
    }
}
