package com.example.hello;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pf4j.Extension;

/** One chat of ten greetings, two a minute, paged the way chat-archive asks. */
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
                    first.plusSeconds(60L * (i / 2)), false));
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
        if (request.direction() != PagingDirection.OLDER) {
            throw new PermanentProviderException("Hello pages older history only.");
        }
        // Strictly older than the cursor by position in the history, never by timestamp: messages
        // can share a timestamp, and a page may end between two of them.
        int end = request.cursor() == null ? history.size() : positionOf(request.cursor().messageId());
        int start = Math.max(0, end - request.limit());
        List<HistoricalMessage> page = new ArrayList<>(history.subList(start, end));
        Collections.reverse(page); // newest first; the host accepts any order
        return new HistoryPage(page, start == 0, (long) history.size());
    }

    private int positionOf(String messageId) throws PermanentProviderException {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).id().equals(messageId)) {
                return i;
            }
        }
        throw new PermanentProviderException("Hello has no message " + messageId + ".");
    }
}
