package dev.chatarchive.whatsapp.live;

import dev.chatarchive.api.PermanentProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's program files, carried inside the plugin jar (so the jar is all a user needs), and
 * their npm packages.
 *
 * <p>The files are extracted into a folder named by the hash of their contents, under the plugin's
 * data folder; a new plugin version gets a new folder, an unchanged one is reused as it is. The npm
 * packages (Baileys and what it needs) are installed into that folder with {@code npm ci}, from the
 * committed lockfile, the first time live mode runs on the real Baileys; nothing else of the app
 * needs them.
 */
final class SidecarFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarFiles.class);

    /** Where the build puts the sidecar's files inside the jar. */
    static final String RESOURCE_ROOT = "/dev/chatarchive/whatsapp/live/sidecar/";

    /** Every file of the sidecar program, relative to plugin-whatsapp/sidecar; a test keeps it complete. */
    static final List<String> FILES = List.of(
            "package.json",
            "package-lock.json",
            "src/main.js",
            "src/protocol.js",
            "src/log.js",
            "src/jids.js",
            "src/normalize.js",
            "src/history.js",
            "src/connection.js",
            "src/sidecar.js",
            "src/baileys-socket.js",
            "src/auth-state.js",
            "src/history-notifications.js");

    private static final String COMPLETE_MARK = ".extracted";
    private static final String BAILEYS_MARK = "node_modules/@whiskeysockets/baileys/package.json";
    private static final long INSTALL_TIMEOUT_MINUTES = 10;

    private SidecarFiles() {
    }

    /** The sidecar's entry point, relative to its folder. */
    static String entryPoint() {
        return "src/main.js";
    }

    /** Extracts the sidecar under {@code base} (once per version) and returns its folder. */
    static Path extract(Path base) {
        try {
            List<byte[]> contents = new ArrayList<>();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : FILES) {
                byte[] bytes = read(file);
                contents.add(bytes);
                digest.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(bytes);
            }
            String version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Path target = base.resolve(version);
            if (Files.exists(target.resolve(COMPLETE_MARK))) {
                return target;
            }
            Files.createDirectories(base);
            Path staging = Files.createTempDirectory(base, "extracting-");
            for (int i = 0; i < FILES.size(); i++) {
                Path file = staging.resolve(FILES.get(i));
                Files.createDirectories(file.getParent());
                Files.write(file, contents.get(i));
            }
            Files.createFile(staging.resolve(COMPLETE_MARK));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(staging); // another start extracted the same version first
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the WhatsApp sidecar into " + base, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = SidecarFiles.class.getResourceAsStream(RESOURCE_ROOT + file)) {
            if (in == null) {
                throw new IOException("The plugin jar lacks the sidecar file " + file + "; rebuild the plugin.");
            }
            return in.readAllBytes();
        }
    }

    /** Whether Baileys is installed in the sidecar folder. */
    static boolean dependenciesInstalled(Path folder) {
        return Files.exists(folder.resolve(BAILEYS_MARK));
    }

    /**
     * Installs the sidecar's npm packages from its lockfile ({@code npm ci}) unless they are there.
     *
     * @throws PermanentProviderException when npm is missing or fails; the message says what to run
     */
    static void installDependencies(Path folder, String npm) throws PermanentProviderException, InterruptedException {
        if (dependenciesInstalled(folder)) {
            return;
        }
        String manual = "npm ci --omit=dev --prefix " + folder;
        LOG.info("Installing the WhatsApp sidecar's npm packages in {}", folder);
        Process install;
        try {
            install = new ProcessBuilder(npm, "ci", "--omit=dev", "--no-audit", "--no-fund")
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("npm-install.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new PermanentProviderException("Live mode needs Node.js 20 or newer and npm, and '" + npm
                    + "' cannot be started (" + e.getMessage() + "). Install Node.js, or set whatsapp.live.npm"
                    + " and whatsapp.live.node to their paths.", e);
        }
        try {
            if (!install.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                install.destroyForcibly();
                throw new PermanentProviderException("Installing the WhatsApp sidecar's packages took more than "
                        + INSTALL_TIMEOUT_MINUTES + " minutes; run '" + manual + "' yourself and start again.");
            }
        } catch (InterruptedException e) {
            install.destroyForcibly();
            throw e;
        }
        if (install.exitValue() != 0 || !dependenciesInstalled(folder)) {
            throw new PermanentProviderException("Installing the WhatsApp sidecar's packages failed (see "
                    + folder.resolve("npm-install.log") + "); run '" + manual + "' and start again.");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
