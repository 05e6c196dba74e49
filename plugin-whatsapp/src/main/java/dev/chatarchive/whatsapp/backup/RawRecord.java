package dev.chatarchive.whatsapp.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes the compact raw record a backup message keeps ({@code raw_proto}): where it came from and
 * what the archive's columns do not hold (row id, the source's type and action codes, media file,
 * quoted message, reactions, location). Never the text again: the content column has it.
 *
 * <p>One writer per reader, reused record after record (not thread-safe, like the readers): a record
 * is {@link #start started}, its fields written in the order they appear in the text, and
 * {@link #end ended}, which gives its JSON. The JSON is written by Jackson's streaming generator, one
 * generator over one reused buffer for all the records (setting up Jackson's tree serializer for every
 * message cost more than the writing itself). It writes characters, as the tree's {@code toString}
 * does (Jackson's byte generator would escape emoji as surrogate pairs), so the text is the one
 * Jackson's tree of the same fields gives ({@code RawRecordTest}).
 */
public final class RawRecord {

    private static final JsonFactory JSON = new JsonFactory();

    private final StringWriter text = new StringWriter(256);
    private JsonGenerator generator;

    /** Begins a record with its {@code source} and {@code row} fields; a record left unfinished is dropped. */
    public RawRecord start(String source, long row) {
        try {
            if (generator == null || !generator.getOutputContext().inRoot()) {
                generator = JSON.createGenerator(text);
                generator.setRootValueSeparator(null);
            }
            text.getBuffer().setLength(0);
            generator.writeStartObject();
            generator.writeStringField("source", source);
            generator.writeNumberField("row", row);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            try {
                generator.writeStringField(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** The field, unless {@code value} is null. */
    public RawRecord put(String field, Long value) {
        if (value != null) {
            try {
                generator.writeNumberField(field, value.longValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** The field, unless {@code value} is null. */
    public RawRecord put(String field, Double value) {
        if (value != null) {
            try {
                generator.writeNumberField(field, value.doubleValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** {@code "field":true} when {@code value}; nothing otherwise. */
    public RawRecord flag(String field, boolean value) {
        if (value) {
            try {
                generator.writeBooleanField(field, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Begins a nested object named {@code field}; {@link #endObject} ends it. */
    public RawRecord startObject(String field) {
        try {
            generator.writeObjectFieldStart(field);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Begins an object inside the array being written. */
    public RawRecord startObject() {
        try {
            generator.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends the nested object begun last. */
    public RawRecord endObject() {
        try {
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Begins a nested array named {@code field}; {@link #endArray} ends it. */
    public RawRecord startArray(String field) {
        try {
            generator.writeArrayFieldStart(field);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends the array begun last. */
    public RawRecord endArray() {
        try {
            generator.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends the record and gives its JSON text. */
    public String end() {
        try {
            generator.writeEndObject();
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String record = text.toString();
        text.getBuffer().setLength(0);
        return record;
    }
}
