package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ApiVersion;
import dev.chatarchive.host.AppVersion;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.UserInterface;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real command line, in-process, against temp folders and real plugin jars. */
class CommandLineAppTest {

    @TempDir
    Path home;
    @TempDir
    Path pluginsDirectory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(UserInterface ui, String... args) {
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()),
                home, home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                ui, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        return app.run(args);
    }

    private int run(String... args) {
        return run(host -> {
            throw new AssertionError("the UI must not open for a subcommand");
        }, args);
    }

    @Test
    void version_printsTheAppAndApiVersions() {
        int code = run("--version");

        assertEquals(ExitCodes.OK, code);
        assertEquals("chat-archive " + AppVersion.current() + " (provider api " + ApiVersion.current() + ")", out.toString().strip());
        assertFalse(AppVersion.current().contains("${"), "the version file was not filtered");
    }

    @Test
    void help_listsTheGlobalOptionsAndCommands() {
        int code = run("--help");

        assertEquals(ExitCodes.OK, code);
        for (String expected : new String[] {"--archive", "--plugins-dir", "--config", "--data-dir", "plugins"}) {
            assertTrue(out.toString().contains(expected), "help lacks " + expected + ":\n" + out);
        }
    }

    @Test
    void noCommand_opensTheUserInterfaceWithAnOpenHost() {
        AtomicReference<Path> archiveSeen = new AtomicReference<>();

        int code = run(host -> {
            archiveSeen.set(host.locations().archiveFile());
            return 7;
        }, "--archive", home.resolve("mine.db").toString());

        assertEquals(7, code);
        assertEquals(home.resolve("mine.db"), archiveSeen.get());
    }

    @Test
    void noCommand_withEveryGlobalOptionInBothForms_opensTheUserInterfaceWithThemAll() {
        AtomicReference<String> seen = new AtomicReference<>();
        Path plugins = home.resolve("plugins");

        int code = run(host -> {
            seen.set(host.locations().archiveFile() + " " + host.locations().pluginsDirectory() + " "
                    + host.locations().dataDirectory());
            return 7;
        }, "--archive=" + home.resolve("mine.db"), "--plugins-dir", plugins.toString(), "--data-dir", home.resolve("d").toString());

        assertEquals(7, code, err.toString());
        assertEquals(home.resolve("mine.db") + " " + plugins + " " + home.resolve("d"), seen.get());
    }

    @Test
    void theScreenAlone_isReadWithoutTheSubcommands_everythingElseWithThem() {
        assertTrue(CommandLineApp.opensTheScreenOnly());
        assertTrue(CommandLineApp.opensTheScreenOnly("--archive", "a.db", "--data-dir", "d", "--config", "c", "--plugins-dir", "p"));
        assertTrue(CommandLineApp.opensTheScreenOnly("--archive=a.db", "--plugins-dir", "plugins"), "a folder named like a command");
        assertFalse(CommandLineApp.opensTheScreenOnly("chats"));
        assertFalse(CommandLineApp.opensTheScreenOnly("--archive", "a.db", "search", "x"));
        assertFalse(CommandLineApp.opensTheScreenOnly("--help"));
        assertFalse(CommandLineApp.opensTheScreenOnly("-V"));
        assertFalse(CommandLineApp.opensTheScreenOnly("--archive"), "an option without its value: picocli's own error");
        assertFalse(CommandLineApp.opensTheScreenOnly("--archive", "--data-dir", "d"));
        assertFalse(CommandLineApp.opensTheScreenOnly("--archiv", "a.db"), "picocli suggests the option");
        assertFalse(CommandLineApp.opensTheScreenOnly("chat"), "picocli suggests the command");
        assertFalse(CommandLineApp.opensTheScreenOnly("--", "x"));
    }

    @Test
    void theScreensCommandLine_parsesTheGlobalOptionsAsTheWholeOneDoes() {
        String[] args = {"--archive=a b.db", "--plugins-dir", "plugins", "--config", "c.properties", "--data-dir", "d"};
        RootCommand alone = new RootCommand(overrides -> null, host -> 0, (host, sources) -> { });
        RootCommand whole = new RootCommand(overrides -> null, host -> 0, (host, sources) -> { });

        picocli.CommandLine.ParseResult aloneParsed = CommandLineApp.commandLine(alone, false).parseArgs(args);
        picocli.CommandLine.ParseResult wholeParsed = CommandLineApp.commandLine(whole, true).parseArgs(args);

        assertFalse(aloneParsed.hasSubcommand());
        assertFalse(wholeParsed.hasSubcommand());
        assertEquals(whole.locationOptions(), alone.locationOptions());
        assertTrue(alone.locationOptions().contains("--plugins-dir "), alone.locationOptions());
        assertEquals(RootCommand.SUBCOMMANDS.size(), CommandLineApp.commandLine(whole, true).getSubcommands().size());
        assertTrue(CommandLineApp.commandLine(alone, false).getSubcommands().isEmpty());
    }

    @Test
    void help_listsEverySubcommand_inTheListsOrder() {
        assertEquals(ExitCodes.OK, run("--help"));

        int last = -1;
        for (Class<?> subcommand : RootCommand.SUBCOMMANDS) {
            String name = subcommand.getAnnotation(picocli.CommandLine.Command.class).name();
            int at = out.toString().indexOf("\n  " + name + " ");
            assertTrue(at > last, name + " is not listed after the one before it:\n" + out);
            last = at;
        }
    }

    @Test
    void subcommand_inheritsTheGlobalOptions_afterItsName() throws Exception {
        Path folderNamedPlugins = Files.createDirectories(home.resolve("plugins"));

        int code = run("plugins", "--plugins-dir", folderNamedPlugins.toString());

        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().contains("Plugins folder: " + folderNamedPlugins), out.toString());
    }

    @Test
    void plugins_acceptsGlobalOptionsBeforeTheCommand_evenAFolderNamedPlugins() throws Exception {
        Path folderNamedPlugins = Files.createDirectories(home.resolve("plugins"));

        int code = run("--plugins-dir", folderNamedPlugins.toString(), "plugins");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().contains("Plugins folder: " + folderNamedPlugins), out.toString());
        assertTrue(out.toString().contains("No plugins found."), out.toString());
    }

    @Test
    void plugins_showsWhyABrokenPluginIsBroken_withItsTextMadeSafe() throws Exception {
        dev.chatarchive.host.plugin.FixtureAccess.pluginFailsToStart(pluginsDirectory);
        Files.writeString(pluginsDirectory.resolve("corrupt.jar"), "not a zip");

        int code = run("plugins", "--plugins-dir", pluginsDirectory.toString());

        assertEquals(ExitCodes.OK, code, err.toString());
        String printed = out.toString();
        assertTrue(printed.contains("failing 1.0.0: failed\n  It failed to start: the failing plugin refuses to start\u241b[2J."), printed);
        assertTrue(printed.contains("corrupt.jar: not loaded\n  It is not a readable jar file"), printed);
        assertFalse(printed.contains("\u001b"), "an escape character reached the terminal");
    }

    @Test
    void plugins_withAPluginsFolderThatDoesNotExist_saysSo() {
        int code = run("plugins", "--plugins-dir", home.resolve("nowhere").toString());

        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().contains("That folder does not exist, so no plugins are loaded."), out.toString());
    }

    @Test
    void unknownOption_isAUsageErrorSayingWhatWasWrong() {
        int code = run("--frobnicate");

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().startsWith("Unknown option: '--frobnicate'."), err.toString());
        assertTrue(err.toString().contains("Run 'chat-archive --help'"), err.toString());
    }

    @Test
    void unknownCommand_isAUsageError() {
        int code = run("frobnicate");

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("frobnicate"), err.toString());
    }

    @Test
    void missingConfigFile_isNotFoundWithASentence() {
        int code = run("plugins", "--config", home.resolve("absent.properties").toString(),
                "--plugins-dir", pluginsDirectory.toString());

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertEquals("The config file " + home.resolve("absent.properties") + " does not exist. Create it, or leave out "
                + "--config to use the default one.", err.toString().strip());
    }

    @Test
    void benchmark_withoutTheBenchmarksJarBesideTheApp_saysWhereTheBenchmarksRun() {
        int code = run("benchmark", "--sizes", "10k");

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertEquals("The benchmarks are not part of the application. Run them from a source checkout with "
                + "./chat-archive benchmark, which builds them first.", err.toString().strip());
    }

    @Test
    void unexpectedFailure_printsOneSentenceAndNoStackTrace() {
        int code = run(host -> {
            throw new IllegalStateException("kaboom");
        });

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(err.toString().startsWith("chat-archive failed unexpectedly (IllegalStateException)."), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void pluginsDirNamingAFile_getsItsOwnSentence() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(home.resolve("plugin.jar"), "one jar, not the folder");

        int code = run("plugins", "--plugins-dir", file.toString());

        assertEquals(ExitCodes.USAGE, code);
        assertEquals("--plugins-dir names " + file + ", which is a file, not a folder. Name the folder that holds the "
                + "plugin jars.", err.toString().strip());
    }

    @Test
    void archiveNamingAFolder_getsItsOwnSentence() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(home.resolve("archives"));

        int code = run("chats", "--archive", folder.toString());

        assertEquals(ExitCodes.USAGE, code);
        assertEquals("--archive names " + folder + ", which is a folder, not a file. Name the archive file, for example "
                + folder.resolve("archive.db") + ".", err.toString().strip());
    }

    @Test
    void configNamingAFolder_getsItsOwnSentence() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(home.resolve("settings"));

        int code = run("chats", "--config", folder.toString());

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().startsWith("--config names " + folder + ", which is a folder, not a file."), err.toString());
    }

    @Test
    void importOfAFolderNoPluginImports_getsItsOwnSentence() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(home.resolve("Downloads"));

        int code = run("import", folder.toString(), "--plugins-dir", pluginsDirectory.toString());

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(out.toString().contains("'" + folder + "' is a folder, and no plugin imports it as one"), out.toString());
    }

    @Test
    void importOfFilesThatDoNotExist_makesNoArchive() {
        int code = run("import", home.resolve("missing.zip").toString(), "--plugins-dir", pluginsDirectory.toString());

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertTrue(out.toString().contains("'" + home.resolve("missing.zip") + "' does not exist."), out.toString());
        assertFalse(java.nio.file.Files.exists(home.resolve("data").resolve("archive.db")), "an archive was made");
    }
}
