package dev.chatarchive.host.cli;

import dev.chatarchive.host.plugin.PluginJar;
import java.nio.file.Path;

/**
 * A real PF4J plugin jar for sync command tests: provider {@code paged}, whose chats
 * {@code alpha@paged} and {@code beta@paged} hold {@code size} messages each ({@code p0001} oldest),
 * paged 25 at a time, one request at a time. Settings (config keys {@code paged.<key>}):
 * {@code size} (default 120), {@code delay.ms} per page (default 0), {@code broken} (adds chat
 * {@code broken@paged}, whose every page fails permanently), {@code hold.file} (every page after the
 * process's first waits while that file exists: a sync the test holds mid-way, whatever the machine's speed).
 */
final class PagedPlugin {

    static final String ALPHA = "alpha@paged";
    static final String BETA = "beta@paged";
    static final String BROKEN = "broken@paged";

    private PagedPlugin() {
    }

    static Path writeTo(Path directory) {
        return PluginJar.withId("paged-plugin")
                .source("fixture.paged.PagedProvider", SOURCE)
                .extension("fixture.paged.PagedProvider")
                .writeTo(directory);
    }

    private static final String SOURCE = """
            package fixture.paged;

            import dev.chatarchive.api.*;
            import java.time.Duration;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.time.Instant;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Optional;

            @org.pf4j.Extension
            public class PagedProvider implements HistoryProvider {
                private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
                private int size = 120;
                private long delayMillis;
                private boolean broken;
                private Path holdFile;
                private int fetched;

                @Override
                public ProviderInfo info() {
                    return new ProviderInfo("paged", "Paged", "1.0.0");
                }

                @Override
                public void start(ProviderContext context) {
                    size = context.setting("size").map(Integer::parseInt).orElse(120);
                    delayMillis = context.setting("delay.ms").map(Long::parseLong).orElse(0L);
                    broken = context.setting("broken").map(Boolean::parseBoolean).orElse(false);
                    holdFile = context.setting("hold.file").map(Path::of).orElse(null);
                }

                @Override
                public List<ChatDescription> listChats() {
                    List<ChatDescription> chats = new ArrayList<>();
                    chats.add(new ChatDescription("alpha@paged", "Alpha", false, null, (long) size));
                    chats.add(new ChatDescription("beta@paged", "Beta", false, null, (long) size));
                    if (broken) {
                        chats.add(new ChatDescription("broken@paged", "Broken", false, null, null));
                    }
                    return chats;
                }

                @Override
                public Optional<String> chatIdProblem(String chatId) {
                    return chatId.endsWith("@paged") ? Optional.empty() : Optional.of("a paged chat id ends in @paged");
                }

                @Override
                public SyncPolicy syncPolicy() {
                    return new SyncPolicy(1, Duration.ZERO, 25);
                }

                @Override
                public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    if (holdFile != null && fetched++ > 0) {
                        while (Files.exists(holdFile)) {
                            Thread.sleep(50);
                        }
                    }
                    if (request.chatId().equals("broken@paged")) {
                        throw new PermanentProviderException("The broken chat cannot be read.");
                    }
                    if (!request.chatId().equals("alpha@paged") && !request.chatId().equals("beta@paged")) {
                        throw new PermanentProviderException("There is no chat " + request.chatId() + ".");
                    }
                    int to = request.cursor() == null ? size : Integer.parseInt(request.cursor().messageId().substring(1)) - 1;
                    int from = Math.max(1, to - request.limit() + 1);
                    List<HistoricalMessage> page = new ArrayList<>();
                    for (int i = from; i <= to; i++) {
                        page.add(HistoricalMessage.text(String.format("p%04d", i), request.chatId(), "friend",
                                "message " + i, START.plus(Duration.ofMinutes(i)), false));
                    }
                    return new HistoryPage(page, from == 1, (long) size);
                }
            }
            """;
}
