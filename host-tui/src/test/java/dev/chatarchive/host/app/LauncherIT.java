package dev.chatarchive.host.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ApiVersion;
import dev.chatarchive.host.AppVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code chat-archive} launcher script, run by bash in a copy of the application folder.
 *
 * <p>The launcher must also run under bash 3.2 (macOS's /bin/bash) with {@code set -u}. No bash that
 * old is installed here (Debian ships none), and bash 4.4+ forgives what 3.2 does not: an empty array
 * expanded under {@code set -u} is an "unbound variable" error before 4.4. So the runs below use the
 * machine's bash (plain and in POSIX mode) with every array empty and CHAT_ARCHIVE_JAVA_OPTS unset,
 * and one test reads the script for the constructs older bashes reject. Most runs put a stand-in
 * {@code java} first on PATH that prints the arguments it was given, one per line, so the test sees
 * exactly what the launcher passes on; one runs the real application jar.
 */
class LauncherIT {

    private static final Path CHECKOUT = Path.of(System.getProperty("chatarchive.checkout", "..")).toAbsolutePath().normalize();
    private static final String JVM_OPTIONS = "# comment\n-XX:+UseSerialGC\n\n-Xmx256m\n";

    @TempDir
    Path temp;

    private Path app;
    private Path bin;

    @BeforeEach
    void copyTheApplicationFolder() throws IOException {
        app = temp.resolve("app folder");
        bin = Files.createDirectories(temp.resolve("bin"));
        Files.createDirectories(app.resolve("host-tui/target"));
        Files.createDirectories(app.resolve("api"));
        Files.createDirectories(app.resolve("plugin-whatsapp"));
        Files.createDirectories(app.resolve("plugins"));
        Files.copy(CHECKOUT.resolve("chat-archive"), app.resolve("chat-archive"));
        Files.writeString(app.resolve("pom.xml"), "<project/>\n");
        Files.writeString(app.resolve("host-tui/jvm.options"), JVM_OPTIONS);
        // Sources older than the jars: nothing to build.
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        for (String source : List.of("pom.xml", "api", "plugin-whatsapp", "host-tui", "host-tui/jvm.options")) {
            Files.setLastModifiedTime(app.resolve(source), old);
        }
        Files.writeString(app.resolve("host-tui/target/chat-archive.jar"), "stand-in");
        Files.writeString(app.resolve("plugins/chat-archive-plugin-whatsapp-1.0.jar"), "stand-in");
        // Jars of a fixed day between the sources' and now: a source a test writes is newer than them even
        // when both are written within one tick of the file system's coarse clock.
        FileTime built = FileTime.from(Instant.parse("2021-01-01T00:00:00Z"));
        Files.setLastModifiedTime(app.resolve("host-tui/target/chat-archive.jar"), built);
        Files.setLastModifiedTime(app.resolve("plugins/chat-archive-plugin-whatsapp-1.0.jar"), built);

        script(bin.resolve("java"), "for argument in \"$@\"; do printf '%s\\n' \"$argument\"; done");
        script(bin.resolve("mvn"), "echo 'mvn must not run: nothing changed' >&2; exit 3");
    }

    @Test
    void optionsVariableUnset_underSetU_javaGetsTheJvmOptionsThenTheArguments() throws Exception {
        Result result = launch(List.of("bash"), Map.of(), "--data-dir", "/tmp/x y", "status");

        assertEquals(0, result.code, result.output);
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Dchatarchive.app.dir=" + app,
                "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(), "--data-dir", "/tmp/x y", "status"),
                result.lines());
    }

    @Test
    void everyArrayEmpty_noArgumentsNoJvmOptionsNoOptionsVariable_javaGetsOnlyTheJar() throws Exception {
        Files.writeString(app.resolve("host-tui/jvm.options"), "# nothing here\n");
        Files.setLastModifiedTime(app.resolve("host-tui/jvm.options"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        Result result = launch(List.of("bash"), Map.of());

        assertEquals(0, result.code, result.output);
        assertEquals(List.of("-Dchatarchive.app.dir=" + app, "-jar", app.resolve("host-tui/target/chat-archive.jar").toString()),
                result.lines());
    }

    @Test
    void posixMode_withTheOptionsVariableUnset_runsTheSame() throws Exception {
        Result result = launch(List.of("bash", "--posix"), Map.of(), "--version");

        assertEquals(0, result.code, result.output);
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Dchatarchive.app.dir=" + app,
                "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(), "--version"), result.lines());
    }

    @Test
    void optionsVariable_isSplitAtBlanks_afterTheFileOptions_andNeverGlobbed() throws Exception {
        // A file the pattern would match if the shell globbed the options (the launcher runs in temp).
        Files.writeString(temp.resolve("-Dpattern=matched"), "");

        Result result = launch(List.of("bash"), Map.of("CHAT_ARCHIVE_JAVA_OPTS", "  -Xmx1g\t-Dpattern=*  "), "--version");

        assertEquals(0, result.code, result.output);
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xmx1g", "-Dpattern=*", "-Dchatarchive.app.dir=" + app,
                "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(), "--version"), result.lines());
    }

    @Test
    void jvmOptionsFile_lastLineWithoutNewline_isAnOption() throws Exception {
        Files.writeString(app.resolve("host-tui/jvm.options"), "-XX:+UseSerialGC\n-Xmx200m");
        Files.setLastModifiedTime(app.resolve("host-tui/jvm.options"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        Result result = launch(List.of("bash"), Map.of());

        assertEquals(0, result.code, result.output);
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx200m", "-Dchatarchive.app.dir=" + app,
                "-jar", app.resolve("host-tui/target/chat-archive.jar").toString()), result.lines());
    }

    @Test
    void aSourceNewerThanTheJars_isBuiltFirst_withTheWrapperWhenNoMavenIsOnPath() throws Exception {
        Files.writeString(app.resolve("api/Changed.java"), "class Changed {}\n");
        // A PATH with what the launcher uses and no mvn; the wrapper stand-in says it ran, then fails.
        Files.delete(bin.resolve("mvn"));
        for (String tool : List.of("bash", "dirname", "find", "mktemp", "cat", "rm")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        script(app.resolve("mvnw"), "echo \"mvnw ran with: $*\"; exit 1");

        Result result = launch(List.of(bin.resolve("bash").toString()), Map.of("PATH", bin.toString()), "--version");

        assertEquals(1, result.code, result.output);
        assertTrue(result.output.contains("No mvn on PATH: building with ./mvnw"), result.output);
        assertTrue(result.output.contains("mvnw ran with: -q -B -Dstyle.color=never -DskipTests package -pl host-tui -am"), result.output);
        assertTrue(result.output.contains("chat-archive: The build failed; the Maven output above says why."), result.output);
    }

    @Test
    void realApplication_optionsVariableUnset_printsItsVersion() throws Exception {
        Files.copy(CHECKOUT.resolve("host-tui/target/chat-archive.jar"), app.resolve("host-tui/target/chat-archive.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(bin.resolve("java"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));

        Result result = launch(List.of("bash"), Map.of(), "--data-dir", temp.resolve("data").toString(), "--version");

        assertEquals(0, result.code, result.output);
        assertEquals("chat-archive " + AppVersion.current() + " (provider api " + ApiVersion.current() + ")", result.output.strip());
    }

    /**
     * The stand-in java makes an "archive" when asked to with -XX:ArchiveClassesAtExit (as the JVM does at
     * exit) and records that run's arguments; the launcher makes it in the background on the first launch,
     * uses it on the next, and never while it is stale.
     */
    @Test
    void cds_madeInTheBackgroundByATrainingRun_usedOnTheNextLaunch_neverWhenAJarOrTheJdkChanged() throws Exception {
        script(bin.resolve("java"), "for argument in \"$@\"; do\n"
                + "  case \"$argument\" in -XX:ArchiveClassesAtExit=*) printf '%s\\n' \"$@\" > \"" + temp.resolve("training.txt")
                + "\"; echo archive > \"${argument#-XX:ArchiveClassesAtExit=}\"; exit 0 ;; esac\n"
                + "done\n"
                + "for argument in \"$@\"; do printf '%s\\n' \"$argument\"; done");
        Files.writeString(temp.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.15+6\"\n"); // bin/java's JDK folder is temp
        Map<String, String> on = Map.of("CHAT_ARCHIVE_CDS", "on");
        List<String> withoutCds = List.of("-XX:+UseSerialGC", "-Xmx256m", "-Dchatarchive.app.dir=" + app,
                "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(), "--version");

        Result first = launch(List.of("bash"), on, "--version");

        assertEquals(0, first.code, first.output);
        assertEquals(withoutCds, first.lines(), "no archive yet: the JVM gets no CDS option");
        Path archive = awaitTrainedArchive(temp.resolve("training.txt"));
        List<String> training = Files.readAllLines(temp.resolve("training.txt"));
        Path making = app.resolve("host-tui/target/cds/making");
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:ArchiveClassesAtExit=" + making.resolve("archive.jsa"),
                "-Dchatarchive.cds.training=true", "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(),
                "--data-dir", making.resolve("data").toString(), "--plugins-dir", app.resolve("plugins").toString()), training);

        Result second = launch(List.of("bash"), on, "--version");

        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off",
                "-Dchatarchive.app.dir=" + app, "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(), "--version"),
                second.lines());
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off",
                "-Dchatarchive.app.dir=" + app, "-jar", app.resolve("host-tui/target/chat-archive.jar").toString(), "--version"),
                launch(List.of("bash", "--posix"), on, "--version").lines(), "the same in POSIX mode");

        // The app jar rebuilt after the archive was made: not used, and a new one is made.
        FileTime beforeTheJars = FileTime.from(Instant.parse("2020-06-01T00:00:00Z"));
        Files.setLastModifiedTime(archive, beforeTheJars);
        Files.setLastModifiedTime(app.resolve("plugins/chat-archive-plugin-whatsapp-1.0.jar"),
                FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.delete(temp.resolve("training.txt"));
        assertEquals(withoutCds, launch(List.of("bash"), on, "--version").lines(), "stale after the app jar changed");
        archive = awaitTrainedArchive(temp.resolve("training.txt"));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(beforeTheJars) > 0, "the stale archive is replaced");
        assertTrue(launch(List.of("bash"), on, "--version").output.contains("-XX:SharedArchiveFile=" + archive));

        // The plugin jar rebuilt after it: the same.
        Files.setLastModifiedTime(archive, beforeTheJars);
        Files.setLastModifiedTime(app.resolve("host-tui/target/chat-archive.jar"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(app.resolve("plugins/chat-archive-plugin-whatsapp-1.0.jar"),
                FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        Files.delete(temp.resolve("training.txt"));
        assertEquals(withoutCds, launch(List.of("bash"), on, "--version").lines(), "stale after the plugin jar changed");
        archive = awaitTrainedArchive(temp.resolve("training.txt"));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(beforeTheJars) > 0, "the stale archive is replaced");

        // Another JDK build (what `java -version` prints is in its release file): not used.
        Files.writeString(temp.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.16+8\"\n");
        Files.delete(temp.resolve("training.txt"));
        assertEquals(withoutCds, launch(List.of("bash"), on, "--version").lines(), "another JDK build");
        Path forThisJdk = awaitTrainedArchive(temp.resolve("training.txt"));
        assertFalse(forThisJdk.equals(archive), "each JDK build its own archive");

        // Other JVM options: not used either.
        Files.delete(temp.resolve("training.txt"));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xmx1g", "-Dchatarchive.app.dir=" + app, "-jar",
                app.resolve("host-tui/target/chat-archive.jar").toString(), "--version"),
                launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "on", "CHAT_ARCHIVE_JAVA_OPTS", "-Xmx1g"), "--version").lines());
        awaitTrainedArchive(temp.resolve("training.txt"));
    }

    /**
     * The training run outlives the terminal it was started from: tmux closing the pane of an app the user
     * quit, or a terminal window closing, sends SIGHUP to the launcher's whole process group, which held
     * the background run too (it then never finished, and its lock stayed for 10 minutes). Here the
     * launcher runs in a session of its own (setsid), the stand-in training java waits until the group
     * has been sent SIGHUP, then makes its archive.
     */
    @Test
    void cds_trainingRun_survivesSigHupToTheLaunchersProcessGroup() throws Exception {
        Path started = temp.resolve("training.pid");
        Path go = temp.resolve("go");
        script(bin.resolve("java"), "for argument in \"$@\"; do\n"
                + "  case \"$argument\" in -XX:ArchiveClassesAtExit=*)\n"
                + "    echo $$ > \"" + started + ".part\"; mv \"" + started + ".part\" \"" + started + "\"\n"
                + "    while [ ! -f \"" + go + "\" ]; do sleep 0.1; done\n"
                + "    echo archive > \"${argument#-XX:ArchiveClassesAtExit=}\"; exit 0 ;; esac\n"
                + "done\n"
                + "for argument in \"$@\"; do printf '%s\\n' \"$argument\"; done");
        Files.writeString(temp.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.15+6\"\n");

        Result first = launch(List.of("setsid", "bash"), Map.of("CHAT_ARCHIVE_CDS", "on"), "--version");

        assertEquals(0, first.code, first.output);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); // a guard against a hang, not a measure
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(started), "the training run did not start");
        long training = Long.parseLong(Files.readString(started).strip());
        String[] stat = Files.readString(Path.of("/proc", Long.toString(training), "stat")).split("\\) ")[1].split(" ");
        long group = Long.parseLong(stat[2]);
        String[] ours = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
        assertFalse(group == Long.parseLong(ours[2]), "the launcher must run in a process group of its own here");
        assertEquals(0, new ProcessBuilder("kill", "-HUP", "--", "-" + group).start().waitFor());
        Thread.sleep(500);
        Files.writeString(go, "");
        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (ProcessHandle.of(training).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Path cds = app.resolve("host-tui/target/cds");
        while (Files.exists(cds.resolve("making")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(Files.exists(cds.resolve("making")), "the training run was killed by SIGHUP: its lock is left behind");
        assertEquals(1, cdsArchives().size(), "the training run's archive is in place");
    }

    @Test
    void cds_off_neitherMakesNorUsesAnArchive() throws Exception {
        Result result = launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "off"), "--version");

        assertEquals(0, result.code, result.output);
        assertFalse(result.output.contains("SharedArchiveFile"), result.output);
        assertFalse(Files.exists(app.resolve("host-tui/target/cds")), "no training run");
    }

    /**
     * The real JVM: the launcher's training run makes an archive this JVM maps (-Xshare:on would fail
     * otherwise), and a command's output is byte-identical without it, with it, and with the archive
     * damaged or missing.
     */
    @Test
    void realApplication_cdsArchive_madeAndUsable_outputByteIdenticalWithWithoutAndDamaged() throws Exception {
        Path appJar = app.resolve("host-tui/target/chat-archive.jar");
        Files.copy(CHECKOUT.resolve("host-tui/target/chat-archive.jar"), appJar, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(realPluginJar(), app.resolve("plugins/chat-archive-plugin-whatsapp-1.0.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(bin.resolve("java"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        String[] command = {"--data-dir", temp.resolve("data").toString(), "--help"};

        Result without = launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "off"), command);
        Result training = launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "on"), command);
        Path archive = awaitTrainedArchive();
        Result with = launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "on"), command);

        assertEquals(0, without.code, without.output);
        assertTrue(without.output.contains("Usage: chat-archive"), without.output);
        assertEquals(without, training);
        assertEquals(without, with);
        List<String> options = new ArrayList<>(List.of(bin.resolve("java").toString()));
        options.addAll(List.of(JVM_OPTIONS.lines().filter(line -> line.startsWith("-")).toArray(String[]::new)));
        options.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-jar", appJar.toString(), "--version"));
        Process mapped = new ProcessBuilder(options).redirectErrorStream(true).start();
        String mappedOutput = new String(mapped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(mapped.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, mapped.exitValue(), "this JVM maps the trained archive (-Xshare:on): " + mappedOutput);

        // Damaged (still newer than the jars, so the launcher passes it on): the JVM refuses it, silently.
        FileTime made = Files.getLastModifiedTime(archive);
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 0; i < bytes.length; i += 97) {
            bytes[i] ^= 0x5A;
        }
        Files.write(archive, bytes);
        Files.setLastModifiedTime(archive, made);
        assertEquals(without, launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "on"), command), "damaged archive");
        Files.write(archive, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(archive, made);
        assertEquals(without, launch(List.of("bash"), Map.of("CHAT_ARCHIVE_CDS", "on"), command), "truncated archive");
    }

    /** Waits for the background training run to end (its lock folder gone) and returns the one archive. */
    private Path awaitTrainedArchive() throws Exception {
        return awaitTrainedArchive(null);
    }

    /** The same, once the stand-in java has written {@code trainingRecord} (the training run has run). */
    private Path awaitTrainedArchive(Path trainingRecord) throws Exception {
        Path cds = app.resolve("host-tui/target/cds");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5); // a guard against a hang, not a measure
        while (System.nanoTime() < deadline) {
            if ((trainingRecord == null || Files.exists(trainingRecord)) && Files.isDirectory(cds)
                    && !Files.exists(cds.resolve("making")) && cdsArchives().size() == 1) {
                return cdsArchives().get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no archive was made in " + cds + ": " + (Files.isDirectory(cds) ? cdsArchives() : "no folder"));
    }

    private List<Path> cdsArchives() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(app.resolve("host-tui/target/cds"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    private static Path realPluginJar() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(CHECKOUT.resolve("plugins"))) {
            return files.filter(file -> file.getFileName().toString().matches("chat-archive-plugin-whatsapp-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("build the WhatsApp plugin first (plugins/)"));
        }
    }

    /**
     * What bash before 4.4 (macOS has 3.2) rejects or lacks, which the machine's bash would accept: an
     * array expanded bare (an empty one is "unbound" under set -u), and bash-4 syntax.
     */
    @Test
    void script_expandsEveryArrayGuarded_andUsesNoBash4Syntax() throws IOException {
        String script = Files.readString(CHECKOUT.resolve("chat-archive"), StandardCharsets.UTF_8);
        String code = script.lines().filter(line -> !line.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n");

        String unguarded = Pattern.compile("\\$\\{(\\w+)\\[@\\]\\+\"\\$\\{\\1\\[@\\]\\}\"\\}").matcher(code).replaceAll("");
        Matcher bare = Pattern.compile("\\$\\{\\w+\\[[@*]\\]\\}").matcher(unguarded);
        assertFalse(bare.find(), () -> "an array expanded without ${a[@]+\"${a[@]}\"}: " + bare.group());
        assertFalse(unguarded.contains(" \"$@\""), "\"$@\" without ${1+\"$@\"}");
        for (String bash4 : List.of("declare -A", "local -A", "mapfile", "readarray", ",,}", "^^}", "coproc", "|&", "&>>",
                ";;&", ";&", "globstar", "[[ -v ")) {
            assertFalse(code.contains(bash4), "bash 4 only: " + bash4);
        }
    }

    private record Result(int code, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    /** Runs the copied launcher with {@code shell}, CHAT_ARCHIVE_JAVA_OPTS unset unless {@code env} sets it. */
    private Result launch(List<String> shell, Map<String, String> env, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(shell);
        command.add(app.resolve("chat-archive").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true);
        builder.environment().remove("CHAT_ARCHIVE_JAVA_OPTS");
        // The class-data-sharing archive only where a test turns it on (its background run would race the
        // temporary folder's deletion).
        builder.environment().put("CHAT_ARCHIVE_CDS", "off");
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        Path output = temp.resolve("output.txt");
        Process process = builder.redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static void script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path which(String tool) {
        for (String folder : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(folder, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on PATH");
    }
}
