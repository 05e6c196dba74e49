package dev.chatarchive.whatsapp.backup.crypt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of one protobuf message, read from its wire format: each field number to its last
 * value, as raw bytes for length-delimited fields and as a number for varints. Enough for the three
 * small messages a backup header holds; protobuf-java (about 2 MB) would bring generated classes
 * and a runtime for reading five fields, so this reads the wire format (varints and
 * length-delimited fields, as the protobuf encoding guide describes it) directly.
 */
final class ProtoFields {

    private final Map<Integer, byte[]> bytes = new HashMap<>();
    private final Map<Integer, Long> numbers = new HashMap<>();

    private ProtoFields() {
    }

    /**
     * Reads {@code data} as one message.
     *
     * @throws IllegalArgumentException when it is not a well-formed protobuf message
     */
    static ProtoFields parse(byte[] data) {
        ProtoFields fields = new ProtoFields();
        int[] position = {0};
        while (position[0] < data.length) {
            long tag = varint(data, position);
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (field <= 0) {
                throw new IllegalArgumentException("field number " + field + " at byte " + position[0]);
            }
            switch (wireType) {
                case 0 -> fields.numbers.put(field, varint(data, position));
                case 1 -> skip(data, position, 8);
                case 2 -> {
                    long length = varint(data, position);
                    if (length < 0 || length > data.length - position[0]) {
                        throw new IllegalArgumentException("field " + field + " runs past the end");
                    }
                    fields.bytes.put(field, Arrays.copyOfRange(data, position[0], position[0] + (int) length));
                    position[0] += (int) length;
                }
                case 5 -> skip(data, position, 4);
                default -> throw new IllegalArgumentException("wire type " + wireType + " of field " + field);
            }
        }
        return fields;
    }

    /** The bytes of length-delimited field {@code field}, or {@code null}. */
    byte[] bytes(int field) {
        return bytes.get(field);
    }

    /** The embedded message in field {@code field}, or {@code null}. */
    ProtoFields message(int field) {
        byte[] value = bytes.get(field);
        return value == null ? null : parse(value);
    }

    /** The varint field {@code field}, or {@code fallback}. */
    long number(int field, long fallback) {
        return numbers.getOrDefault(field, fallback);
    }

    private static long varint(byte[] data, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= data.length) {
                throw new IllegalArgumentException("a number runs past the end");
            }
            byte b = data[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a number longer than 10 bytes");
    }

    private static void skip(byte[] data, int[] position, int count) {
        if (data.length - position[0] < count) {
            throw new IllegalArgumentException("a fixed-size field runs past the end");
        }
        position[0] += count;
    }
}
