package dev.chatarchive.whatsapp.export;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: a transcript given as text, parsed whole. */
record ParsedTranscript(List<ParsedMessage> messages, ExportSummary summary) {

    static ParsedTranscript of(String text) throws Exception {
        return of(text, null);
    }

    static ParsedTranscript of(String text, DateOrder order) throws Exception {
        return ofBytes(text.getBytes(StandardCharsets.UTF_8), order);
    }

    static ParsedTranscript ofBytes(byte[] bytes, DateOrder order) throws Exception {
        List<ParsedMessage> messages = new ArrayList<>();
        ExportSummary summary = new ExportFileParser(order).parse(source(bytes), messages::add);
        return new ParsedTranscript(messages, summary);
    }

    static TranscriptSource source(byte[] bytes) {
        return new TranscriptSource() {
            @Override
            public String displayName() {
                return "fixture.txt";
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    ParsedMessage only() {
        if (messages.size() != 1) {
            throw new AssertionError("expected one message, got " + messages);
        }
        return messages.get(0);
    }
}
