package dev.chatarchive.whatsapp.export;

import java.nio.file.Files;
import java.nio.file.Path;

/** The exports in the repository's {@code samples/} folder. */
public final class Samples {

    public static final String ALICE = "WhatsApp Chat with Alice Martin.txt";
    public static final String JORDAN = "WhatsApp Chat with +1 415 555 0134.txt";
    public static final String LUCIA = "Chat de WhatsApp con Lucía Gómez.txt";
    public static final String FAMILIE = "WhatsApp Chat - Familie Schmidt.zip";
    public static final String BOOK_CLUB = "WhatsApp Chat - Book Club.zip";

    private Samples() {
    }

    public static Path folder() {
        String configured = System.getProperty("chatarchive.samples.dir");
        Path folder = configured != null ? Path.of(configured) : Path.of("..", "samples");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The samples folder is missing: " + folder.toAbsolutePath());
        }
        return folder;
    }

    public static Path sample(String name) {
        return folder().resolve(name);
    }

    /** A copy of a sample in {@code dir}, so a test can place propertiesFiles or rename it. */
    static Path copy(String name, Path dir) throws Exception {
        return Files.copy(sample(name), dir.resolve(name));
    }
}
