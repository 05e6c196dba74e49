package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.io.InputStream;

/** A chat transcript that can be read from the start as often as needed (the parser reads it twice). */
interface TranscriptSource {

    /** The name to use in messages to the user, for example the export file's name. */
    String displayName();

    /** The transcript's bytes from the start. */
    InputStream open() throws IOException;
}
