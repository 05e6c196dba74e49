package com.example.hello;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pf4j.Extension;

/** One chat of ten greetings, paged the way chat-archive asks. */
@Extension
public class HelloProvider implements HistoryProvider {

    static final String CHAT = "hello-chat";

    private final List<HistoricalMessage> history = new ArrayList<>();

    @Override
    public ProviderInfo info() {
        return new ProviderInfo("hello", "Hello", "1.0.0");
    }

    @Override
    public void start(ProviderContext context) {
        // "hello.greeting=Hi" in chat-archive's config file arrives here as "greeting".
        String greeting = context.setting("greeting").orElse("Hello");
        Instant first = Instant.parse("2024-01-01T09:00:00Z");
        for (int i = 1; i <= 10; i++) {
            history.add(HistoricalMessage.text("m" + i, CHAT, "alice", greeting + " #" + i,
                    first.plusSeconds(60L * i), false));
        }
    }

    @Override
    public List<ChatDescription> listChats() {
        return List.of(new ChatDescription(CHAT, "Greetings", false,
                history.get(history.size() - 1).timestamp(), (long) history.size()));
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException {
        if (!CHAT.equals(request.chatId())) {
            throw new PermanentProviderException("Hello has no chat " + request.chatId() + ".");
        }
        // Newest first, strictly older than the cursor (or from the newest when there is none).
        List<HistoricalMessage> older = history.stream()
                .filter(message -> request.cursor() == null
                        || message.timestamp().isBefore(request.cursor().timestamp()))
                .sorted(Comparator.comparing(HistoricalMessage::timestamp).reversed())
                .toList();
        List<HistoricalMessage> page = older.subList(0, Math.min(request.limit(), older.size()));
        boolean endOfHistory = page.size() == older.size();
        return new HistoryPage(page, endOfHistory, (long) history.size());
    }
}
