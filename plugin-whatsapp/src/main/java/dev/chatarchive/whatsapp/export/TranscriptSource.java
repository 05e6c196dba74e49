package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A chat transcript that can be read from the start as often as needed (the parser reads it two or three times). */
interface TranscriptSource {

    /** The name to use in messages to the user, for example the export file's name. */
    String displayName();

    /** The transcript's bytes from the start. */
    InputStream open() throws IOException;

    /**
     * The properties file whose {@code date-order=} settles this transcript's dates (the export file's
     * path with {@code .properties} added), or {@code null} when it has none.
     */
    default Path settingsFile() {
        return null;
    }

    /**
     * The language of the name WhatsApp gave the file ("WhatsApp Chat mit ..." is German), as a
     * language code, or {@code null} when the name does not tell (English names, renamed files).
     */
    default String fileNameLanguage() {
        return null;
    }
}
