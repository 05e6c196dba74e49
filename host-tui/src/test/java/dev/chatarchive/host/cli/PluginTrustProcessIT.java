package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.PluginJar;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that misbehave in the real {@code chat-archive} process, with plugin jars built here: the
 * host says which plugin did what, and keeps the others working.
 */
class PluginTrustProcessIT {

    @TempDir
    Path home;

    private Path plugins() {
        return home.resolve("plugins");
    }

    private AppProcess app() {
        return AppProcess.in(home.resolve("runs")).env("CHAT_ARCHIVE_HOME", home.resolve("data").toString())
                .env("HOME", home.toString());
    }

    /** A provider {@code id} whose start() runs {@code startBody}, and whose one chat is {@code <id>-chat}. */
    static Path provider(Path directory, String id, String className, String startBody, String fetchBody) {
        String pkg = "fixture." + id;
        return PluginJar.withId(id).source(pkg + "." + className, """
                package %1$s;

                import dev.chatarchive.api.*;
                import java.time.Duration;
                import java.time.Instant;
                import java.util.ArrayList;
                import java.util.List;

                @org.pf4j.Extension
                public class %2$s implements HistoryProvider {
                    static final List<Object> HELD = new ArrayList<>();
                    private ProviderContext context;

                    @Override
                    public ProviderInfo info() {
                        return new ProviderInfo("%3$s", "%2$s", "1.0.0");
                    }

                    @Override
                    public void start(ProviderContext context) throws ProviderException {
                        this.context = context;
                        %4$s
                    }

                    @Override
                    public List<ChatDescription> listChats() {
                        return List.of(new ChatDescription("%3$s-chat", "Chat of %3$s", false, null, 100L));
                    }

                    @Override
                    public SyncPolicy syncPolicy() {
                        return new SyncPolicy(1, Duration.ZERO, 10);
                    }

                    @Override
                    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
                        int before = request.cursor() == null ? 100 : Integer.parseInt(request.cursor().messageId().substring(1));
                        %5$s
                        List<HistoricalMessage> page = new ArrayList<>();
                        for (int i = before - 1; i >= Math.max(0, before - request.limit()); i--) {
                            page.add(HistoricalMessage.text("m" + i, request.chatId(), "friend", "message " + i,
                                    Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i), false));
                        }
                        return new HistoryPage(page, before - request.limit() <= 0, 100L);
                    }
                }
                """.formatted(pkg, className, id, startBody, fetchBody)).extension(pkg + "." + className).writeTo(directory);
    }

    @Test
    void providerExhaustingTheHeapInStart_isListedFailedByName_andTheOtherProviderStarts() throws Exception {
        Files.createDirectories(plugins());
        provider(plugins(), "glutton", "GluttonProvider",
                "while (true) { HELD.add(new byte[1 << 20]); }", "");
        provider(plugins(), "modest", "ModestProvider", "", "");

        AppProcess.Result result = app().jvm("-Xmx96m").run("plugins", "--plugins-dir", plugins().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result.both());
        assertTrue(result.out().contains("provider glutton (GluttonProvider 1.0.0): failed - It failed to start: "
                + "GluttonProvider failed while starting: OutOfMemoryError (Java heap space)"), result.both());
        assertTrue(result.out().contains("provider modest (ModestProvider 1.0.0): started"), result.both());
        assertFalse(result.err().contains("\tat "), "a stack trace reached the terminal: " + result.both());
    }

    @Test
    void pluginCallingSystemExitDuringASync_isReportedAsSuch_andTheSyncIsInterruptedNotCancelled() throws Exception {
        Files.createDirectories(plugins());
        provider(plugins(), "exiter", "ExiterProvider", "",
                "if (request.cursor() != null) { System.exit(0); }");
        Path data = home.resolve("data");

        AppProcess.Result result = app().run("sync", "exiter-chat", "--plugins-dir", plugins().toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), "the plugin's exit code 0 must not pass for success: "
                + result.both());
        assertTrue(result.err().contains("chat-archive was ended by plugin 'exiter' (provider ExiterProvider), while "
                + "fetching history of exiter-chat: the plugin called System.exit."), result.both());
        assertFalse(result.both().toLowerCase(java.util.Locale.ROOT).contains("cancel"), result.both());
        try (Archive archive = Archive.openReadOnly(data.resolve("archive.db"), java.time.Clock.systemUTC())) {
            SyncCheckpoint checkpoint = archive.read(session -> session.checkpoints().find("exiter-chat")).orElseThrow();
            assertEquals(SyncState.INTERRUPTED, checkpoint.status());
            assertEquals(StopReason.CRASHED, checkpoint.stopReason());
            assertTrue(checkpoint.errorMessage().contains("plugin 'exiter'"), checkpoint.errorMessage());
            assertEquals(10, checkpoint.messagesSynced(), "the first page is kept");
        }
    }
}
