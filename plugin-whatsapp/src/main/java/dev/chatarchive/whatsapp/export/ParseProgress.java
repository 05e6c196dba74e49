package dev.chatarchive.whatsapp.export;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * How far the parse of an export's transcript has got, in bytes, without the parser knowing: the
 * transcript is read through a counting stream ({@link #counting}). The parser reads it two or three
 * times; each reading is a pass, counted from the start.
 */
@FunctionalInterface
interface ParseProgress {

    /** Tells nobody. */
    ParseProgress NONE = (pass, done, total) -> { };

    /**
     * Called as bytes are read (about every 64 KB: the parser reads through a buffer).
     *
     * @param pass  1 for the first reading of the transcript, then 2, 3...
     * @param done  bytes of this pass read so far
     * @param total the transcript's size in bytes, or -1 when not known
     */
    void bytesRead(int pass, long done, long total);

    /** {@code source}, whose every opening counts its bytes for {@code progress}. */
    static TranscriptSource counting(TranscriptSource source, long total, ParseProgress progress) {
        if (progress == NONE) {
            return source;
        }
        return new TranscriptSource() {
            private int passes;

            @Override
            public String displayName() {
                return source.displayName();
            }

            @Override
            public InputStream open() throws IOException {
                int pass = ++passes;
                progress.bytesRead(pass, 0, total);
                return new FilterInputStream(source.open()) {
                    private long done;

                    @Override
                    public int read() throws IOException {
                        int read = super.read();
                        if (read >= 0) {
                            progress.bytesRead(pass, ++done, total);
                        }
                        return read;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int read = super.read(buffer, offset, length);
                        if (read > 0) {
                            done += read;
                            progress.bytesRead(pass, done, total);
                        }
                        return read;
                    }
                };
            }

            @Override
            public Path settingsFile() {
                return source.settingsFile();
            }

            @Override
            public String fileNameLanguage() {
                return source.fileNameLanguage();
            }
        };
    }
}
