package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * An Android export of any length, produced on the fly and never held whole: three authors, a message
 * every 37 seconds from 13 January 2019 (a day above 12, so the date order is never in doubt), every tenth message two lines long, a system line every
 * thousand. For tests and for the parse-rate benchmark ({@link #write}, then
 * {@link ExportFileParser#countMessages}).
 */
public final class SyntheticExport extends InputStream {

    private static final DateTimeFormatter HEADER = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm");
    private static final String[] AUTHORS = {"Ann Example", "Bob Example", "Cleo Example"};

    private final long messages;
    private long produced;
    private LocalDateTime time = LocalDateTime.of(2019, 1, 13, 8, 0);
    private byte[] current = new byte[0];
    private int position;

    /** A stream of {@code messages} messages. */
    public SyntheticExport(long messages) {
        this.messages = messages;
    }

    static TranscriptSource source(long messages) {
        return new TranscriptSource() {
            @Override
            public String displayName() {
                return "generated.txt";
            }

            @Override
            public InputStream open() {
                return new SyntheticExport(messages);
            }
        };
    }

    /** Writes an export of {@code messages} messages to {@code file} and returns the file. */
    public static Path write(Path file, long messages) throws IOException {
        try (InputStream in = new SyntheticExport(messages)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private boolean refill() {
        if (produced >= messages) {
            return false;
        }
        String header = HEADER.format(time);
        String line;
        if (produced % 1000 == 999) {
            line = header + " - Ann Example changed the subject from \"Old\" to \"New\"\n";
        } else if (produced % 10 == 0) {
            line = header + " - " + AUTHORS[(int) (produced % 3)] + ": message " + produced + " starts here\n"
                    + "and goes on, line two of " + produced + "\n";
        } else {
            line = header + " - " + AUTHORS[(int) (produced % 3)] + ": message number " + produced + " with some text\n";
        }
        current = line.getBytes(StandardCharsets.UTF_8);
        position = 0;
        produced++;
        time = time.plusSeconds(37);
        return true;
    }

    @Override
    public int read() {
        if (position >= current.length && !refill()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= current.length && !refill()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
