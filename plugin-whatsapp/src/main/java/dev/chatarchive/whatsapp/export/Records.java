package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The binary records of {@link ParsedExportCache}'s messages file: one per message, in file order,
 * each {@code int length} then the fields, so that the chat index reads a message's time and id
 * without decoding its text, and a page is read with a few large reads. Layout of a record after
 * its length (strings as {@code int} byte count, -1 for null, then UTF-8):
 * <pre>
 *   long  local time, seconds (as if UTC)     int  its nanoseconds      long  the id's first 64 bits
 *   string id    long index    long line    byte flags    string author    string type (wire name)
 *   string content    string attachment    string lines (whole, or the header before the content)
 * </pre>
 * The lines are stored as their header alone when they are exactly header + content, so the text is
 * held once, as in the archive ({@link ExportRawRecord}).
 */
final class Records {

    private static final int HAS_SECONDS = 1;
    private static final int EDITED = 2;
    private static final int SYSTEM = 4;
    private static final int ATTACHMENT_INCLUDED = 8;
    private static final int LINES_ARE_HEADER = 16;

    private Records() {
    }

    /** Where a record's id bits lie, from its start (after the length): seconds (8) and nanoseconds (4). */
    static final int ID_BITS_OFFSET = 12;

    /** Writes records to a new file. */
    static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private final java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream(512);
        private final DataOutputStream fields = new DataOutputStream(record);

        Writer(Path file) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }

        void write(ParsedMessage message, boolean attachmentIncluded) throws IOException {
            record.reset();
            LocalDateTime local = message.localTime();
            fields.writeLong(local.toEpochSecond(ZoneOffset.UTC));
            fields.writeInt(local.getNano());
            fields.writeLong(MessageIds.prefixBits(message.id()));
            string(message.id());
            fields.writeLong(message.index());
            fields.writeLong(message.line());
            String raw = message.raw();
            String content = message.content();
            boolean header = raw.endsWith(content);
            fields.writeByte((message.hasSeconds() ? HAS_SECONDS : 0) | (message.edited() ? EDITED : 0)
                    | (message.system() ? SYSTEM : 0) | (attachmentIncluded ? ATTACHMENT_INCLUDED : 0)
                    | (header ? LINES_ARE_HEADER : 0));
            string(message.author());
            string(message.type().wireName());
            string(content);
            string(message.attachment());
            string(header ? raw.substring(0, raw.length() - content.length()) : raw);
            out.writeInt(record.size());
            record.writeTo(out);
        }

        private void string(String value) throws IOException {
            if (value == null) {
                fields.writeInt(-1);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            fields.writeInt(bytes.length);
            fields.write(bytes);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads a file's records in order. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private byte[] buffer = new byte[1024];

        Reader(Path file) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        /** The next message, or {@code null} at the end. */
        ParsedExportCache.CachedMessage next() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                return null;
            }
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, buffer.length * 2)];
            }
            in.readFully(buffer, 0, length);
            return decode(ByteBuffer.wrap(buffer, 0, length));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** What the chat index needs of each record, read without decoding the text. */
    interface IndexSink {
        void accept(LocalDateTime localTime, long idBits, long offset);
    }

    /** Hands every record's local time, id bits and offset to {@code sink}, in file order. */
    static void scan(Path file, IndexSink sink) throws IOException, InterruptedException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long offset = 0;
            long count = 0;
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                long seconds = in.readLong();
                int nanos = in.readInt();
                long idBits = in.readLong();
                sink.accept(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), idBits, offset);
                in.skipNBytes(length - ID_BITS_OFFSET - 8);
                offset += 4 + length;
                if ((++count & 0x3FFF) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("indexing exports was interrupted");
                }
            }
        }
    }

    /**
     * Reads records at chosen offsets of one file through a window of the file, so that a page of
     * neighbouring records costs a few reads, not one per message.
     */
    static final class RandomReader implements AutoCloseable {
        // A RandomAccessFile, not a FileChannel: a channel closes itself when the reading thread is
        // interrupted, and an interrupted page must end in InterruptedException, not a read error.
        private final RandomAccessFile file;
        private byte[] window = new byte[1 << 18];
        private int windowLength;
        private long windowStart = -1;

        RandomReader(Path file) throws IOException {
            this.file = new RandomAccessFile(file.toFile(), "r");
        }

        ParsedExportCache.CachedMessage at(long offset) throws IOException {
            ensure(offset, 4);
            int length = ByteBuffer.wrap(window, (int) (offset - windowStart), 4).getInt();
            ensure(offset, 4 + length);
            return decode(ByteBuffer.wrap(window, (int) (offset - windowStart) + 4, length).slice());
        }

        /** Loads the window so that it holds {@code [offset, offset + bytes)} of the file. */
        private void ensure(long offset, int bytes) throws IOException {
            if (windowStart >= 0 && offset >= windowStart && offset + bytes <= windowStart + windowLength) {
                return;
            }
            if (window.length < bytes) {
                window = new byte[bytes];
            }
            file.seek(offset);
            windowStart = offset;
            windowLength = 0;
            while (windowLength < bytes) {
                int n = file.read(window, windowLength, window.length - windowLength);
                if (n < 0) {
                    throw new EOFException("the parsed copy ends inside a message");
                }
                windowLength += n;
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private static ParsedExportCache.CachedMessage decode(ByteBuffer in) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        in.getLong();
        String id = string(in);
        long index = in.getLong();
        long line = in.getLong();
        int flags = in.get();
        String author = string(in);
        MessageType type = MessageType.fromWireName(string(in));
        String content = string(in);
        String attachment = string(in);
        String lines = string(in);
        String raw = (flags & LINES_ARE_HEADER) != 0 ? lines + content : lines;
        ParsedMessage message = new ParsedMessage(id, index, line, LocalDateTime.ofEpochSecond(seconds, nanos,
                ZoneOffset.UTC), (flags & HAS_SECONDS) != 0, author, type, content, (flags & EDITED) != 0, attachment,
                (flags & SYSTEM) != 0, raw);
        return new ParsedExportCache.CachedMessage(message, (flags & ATTACHMENT_INCLUDED) != 0);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }
}
