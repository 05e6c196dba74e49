package dev.chatarchive.host.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The latest progress of every running sync, summed up into the overall progress. */
final class ProgressBoard {

    private final Map<String, ChatProgress> running = new ConcurrentHashMap<>();

    OverallProgress update(ChatProgress progress) {
        running.put(progress.chatId(), progress);
        return overall();
    }

    void remove(String chatId) {
        running.remove(chatId);
    }

    OverallProgress overall() {
        var snapshot = running.values().stream().toList();
        if (snapshot.isEmpty()) {
            return new OverallProgress(0, 0, 0, null);
        }
        long newMessages = 0;
        long remainingWork = 0;
        double pace = 0;
        int percentSum = 0;
        for (ChatProgress progress : snapshot) {
            newMessages += progress.newMessages();
            remainingWork += progress.remainingMessages();
            pace += progress.messagesPerSecond();
            percentSum += progress.percent();
        }
        Duration remaining = remainingWork == 0 ? Duration.ZERO
                : pace > 0 ? Duration.ofMillis((long) Math.ceil(remainingWork * 1000.0 / pace)) : null;
        return new OverallProgress(snapshot.size(), newMessages, percentSum / snapshot.size(), remaining);
    }
}
