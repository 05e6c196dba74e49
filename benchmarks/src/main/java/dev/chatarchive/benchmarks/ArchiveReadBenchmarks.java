package dev.chatarchive.benchmarks;

import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.MessageSearch;
import dev.chatarchive.host.store.StoredMessage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a user waits for when reading an archive: opening a chat (its newest screen of messages),
 * paging back through it, and searching all chats, measured with the same queries the UI runs
 * (the store's pages and {@link MessageSearch}).
 */
final class ArchiveReadBenchmarks {

    static final int SCREEN = 60;

    /** The naive alternative the FTS index is measured against. */
    static final String LIKE_SQL = "SELECT chat_jid, id, timestamp, content FROM messages "
            + "WHERE content LIKE :pattern ORDER BY row_id DESC LIMIT 50";

    private final Archive archive;
    private final SyntheticCorpus corpus;
    private final SplittableRandom random = new SplittableRandom(7);

    ArchiveReadBenchmarks(Archive archive, SyntheticCorpus corpus) {
        this.archive = archive;
        this.corpus = corpus;
    }

    /** Opening chats: half the samples the largest chat, half chats chosen by size. */
    LatencySample openChat(int samples) {
        LatencySample sample = new LatencySample(samples);
        for (int i = 0; i < samples; i++) {
            String chat = SyntheticCorpus.chatId(i % 2 == 0 ? 0 : randomChat());
            sample.time(() -> archive.read(session -> session.messages().newestPage(chat, SCREEN)));
        }
        return sample;
    }

    /** Paging back a screen at a time from the newest message, in the largest chat and others. */
    LatencySample pageBack(int chats, int pagesPerChat) {
        LatencySample sample = new LatencySample(chats * pagesPerChat);
        for (int c = 0; c < chats; c++) {
            String chat = SyntheticCorpus.chatId(c == 0 ? 0 : randomChat());
            List<StoredMessage> page = archive.read(session -> session.messages().newestPage(chat, SCREEN));
            for (int p = 0; p < pagesPerChat && !page.isEmpty(); p++) {
                StoredMessage top = page.get(0);
                long started = System.nanoTime();
                page = archive.read(session -> session.messages().pageBefore(chat, top.timestamp(), top.id(), SCREEN));
                sample.record(System.nanoTime() - started);
            }
        }
        return sample;
    }

    LatencySample search(String word, int samples) {
        return search(word, samples, new LatencySample(samples));
    }

    /**
     * The same, recording in {@code cpu} each search's CPU time on the searching thread (SQLite runs on it),
     * which a busy machine does not inflate as it does the wall time.
     */
    LatencySample search(String word, int samples, LatencySample cpu) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        LatencySample sample = new LatencySample(samples);
        for (int i = 0; i < samples; i++) {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            sample.time(() -> archive.read(session -> session.search().search(word, 50)));
            cpu.record(threads.getCurrentThreadCpuTime() - cpuBefore);
        }
        return sample;
    }

    LatencySample likeScan(String word, int samples) {
        LatencySample sample = new LatencySample(samples);
        for (int i = 0; i < samples; i++) {
            sample.time(() -> archive.read(session -> session.handle().createQuery(LIKE_SQL)
                    .bind("pattern", "%" + word + "%").mapToMap().list()));
        }
        return sample;
    }

    private int randomChat() {
        // Weighted by size: pick a message uniformly, take its chat.
        long target = random.nextLong(corpus.totalMessages());
        for (int chat = 0; chat < corpus.chatCount(); chat++) {
            target -= corpus.chatSize(chat);
            if (target < 0) {
                return chat;
            }
        }
        return 0;
    }
}
