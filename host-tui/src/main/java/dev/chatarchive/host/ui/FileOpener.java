package dev.chatarchive.host.ui;

import dev.chatarchive.host.media.SafeNames;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens an attached file with the system's viewer ({@code xdg-open} on Linux and the BSDs, {@code open}
 * on macOS), or says where it is when there is none.
 *
 * <p>The media store names files by their hash, without an extension, so the viewer is handed a copy
 * named as the file was sent ({@code media/.open/<hash>/IMG-1.jpg},
 * the name made safe). The viewer is started detached from the terminal (no input, output discarded),
 * so a console viewer cannot fight the app for the screen; on Linux without a graphical session
 * ({@code DISPLAY}, {@code WAYLAND_DISPLAY}) there is no viewer, and the path is shown instead.
 */
public interface FileOpener {

    /** What happened, as a sentence for the status line. */
    String open(Path stored, String fileName, String sha256);

    /** The system's viewer, or {@code command} when one is configured ({@code ui.open-command}). */
    static FileOpener system(Optional<String> command, Map<String, String> environment) {
        return (stored, fileName, sha256) -> {
            Path named;
            try {
                named = namedLink(stored, fileName, sha256);
            } catch (IOException e) {
                named = stored;
            }
            Optional<String> viewer = command.or(() -> viewer(environment));
            if (viewer.isEmpty()) {
                return "No viewer here; the file is " + named;
            }
            try {
                Process process = new ProcessBuilder(List.of(viewer.get(), named.toString()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() != 0) {
                    return viewer.get() + " could not open it; the file is " + named;
                }
                return "Opened " + fileName + " (" + named + ")";
            } catch (IOException e) {
                return "No viewer could be started (" + viewer.get() + "); the file is " + named;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "The file is " + named;
            }
        };
    }

    private static Optional<String> viewer(Map<String, String> environment) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return Optional.of("open");
        }
        boolean graphical = notBlank(environment.get("DISPLAY")) || notBlank(environment.get("WAYLAND_DISPLAY"));
        if (!graphical) {
            return Optional.empty();
        }
        for (String folder : environment.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!folder.isBlank() && Files.isExecutable(Path.of(folder, "xdg-open"))) {
                return Optional.of(Path.of(folder, "xdg-open").toString());
            }
        }
        return Optional.empty();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    /** {@code media/.open/<hash>/<safe name>}: the stored file under its own name, so viewers know its type. */
    static Path namedLink(Path stored, String fileName, String sha256) throws IOException {
        Path mediaRoot = stored.getParent().getParent();
        Path folder = mediaRoot.resolve(".open").resolve(sha256.substring(0, 16));
        Files.createDirectories(folder);
        Path named = folder.resolve(SafeNames.fileName(fileName));
        if (Files.isRegularFile(named) && Files.size(named) == Files.size(stored)) {
            return named;
        }
        // A copy, not a link: a viewer that saves over the file must not change the archive's bytes.
        Path temp = folder.resolve(named.getFileName() + ".part");
        Files.copy(stored, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, named, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return named;
    }
}
