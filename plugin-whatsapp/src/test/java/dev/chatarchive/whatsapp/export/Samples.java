package dev.chatarchive.whatsapp.export;

import java.nio.file.Files;
import java.nio.file.Path;

/** The exports in the repository's {@code samples/} folder. */
final class Samples {

    static final String ALICE = "WhatsApp Chat with Alice Martin.txt";
    static final String JORDAN = "WhatsApp Chat with +1 415 555 0134.txt";
    static final String LUCIA = "Chat de WhatsApp con Lucía Gómez.txt";
    static final String FAMILIE = "WhatsApp Chat - Familie Schmidt.zip";
    static final String BOOK_CLUB = "WhatsApp Chat - Book Club.zip";

    private Samples() {
    }

    static Path folder() {
        String configured = System.getProperty("chatarchive.samples.dir");
        Path folder = configured != null ? Path.of(configured) : Path.of("..", "samples");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The samples folder is missing: " + folder.toAbsolutePath());
        }
        return folder;
    }

    static Path sample(String name) {
        return folder().resolve(name);
    }

    /** A copy of a sample in {@code dir}, so a test can place sidecars or rename it. */
    static Path copy(String name, Path dir) throws Exception {
        return Files.copy(sample(name), dir.resolve(name));
    }
}
