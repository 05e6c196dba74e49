package dev.chatarchive.host.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.chatarchive.host.browse.ArchiveReader;
import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.browse.ChatSummary;
import dev.chatarchive.host.browse.HitCount;
import dev.chatarchive.host.browse.MessageKey;
import dev.chatarchive.host.browse.SearchHit;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The cache of recent chats: the chat list (every chat's summary) and, per chat, its newest page,
 * which is what the list and the first screen of a chat need. Everything else reads through.
 *
 * <p>Consistency: whoever writes a chat (the sync engine, live messages) calls
 * {@link #invalidate(String)} <em>after</em> committing, never before; Caffeine makes an
 * invalidation wait for a load of the same key in flight, so a load that read the old data cannot
 * survive the invalidation. Loaders only read the archive and never touch this cache.
 *
 * <p>Eviction: at most {@value #MAX_CHATS} chats' pages, each dropped after {@link #IDLE} unused.
 * Caffeine's W-TinyLFU keeps often-read chats when a search opens many chats once. Statistics are
 * recorded for the debug view.
 */
public final class RecentChats implements ArchiveReader {

    /** Messages kept per chat: the newest page the message view opens with. */
    public static final int NEWEST_PAGE = 200;
    static final int MAX_CHATS = 128;
    static final Duration IDLE = Duration.ofMinutes(20);
    private static final String ALL_CHATS = "all";

    private final ArchiveReader archive;
    private final Cache<String, List<ChatSummary>> chatList;
    private final Cache<String, List<ChatMessage>> newestPages;

    public RecentChats(ArchiveReader archive) {
        this(archive, Ticker.systemTicker(), Runnable::run);
    }

    /** For tests: a fake ticker and a synchronous maintenance executor. */
    RecentChats(ArchiveReader archive, Ticker ticker, Executor maintenance) {
        this.archive = archive;
        this.chatList = Caffeine.newBuilder().maximumSize(1).recordStats().ticker(ticker).executor(maintenance).build();
        this.newestPages = Caffeine.newBuilder().maximumSize(MAX_CHATS).expireAfterAccess(IDLE).recordStats()
                .ticker(ticker).executor(maintenance).build();
    }

    /** Forget what is cached about {@code chatId} (and the chat list). Call after committing a change to it. */
    public void invalidate(String chatId) {
        newestPages.invalidate(chatId);
        chatList.invalidateAll();
    }

    /** Forget everything, for changes that touch many chats (an import). */
    public void invalidateAll() {
        newestPages.invalidateAll();
        chatList.invalidateAll();
    }

    @Override
    public List<ChatSummary> chats() {
        return chatList.get(ALL_CHATS, key -> List.copyOf(archive.chats()));
    }

    @Override
    public List<ChatMessage> newest(String chatId, int limit) {
        if (limit > NEWEST_PAGE) {
            return archive.newest(chatId, limit);
        }
        List<ChatMessage> page = newestPages.get(chatId, id -> List.copyOf(archive.newest(id, NEWEST_PAGE)));
        return page.subList(Math.max(0, page.size() - limit), page.size());
    }

    @Override
    public List<ChatMessage> before(String chatId, MessageKey key, int limit) {
        return archive.before(chatId, key, limit);
    }

    @Override
    public List<ChatMessage> from(String chatId, MessageKey key, int limit) {
        return archive.from(chatId, key, limit);
    }

    @Override
    public List<SearchHit> search(String query, int limit) {
        return archive.search(query, limit);
    }

    @Override
    public HitCount countHits(String query, int cap) {
        return archive.countHits(query, cap);
    }

    @Override
    public Optional<MessageKey> nextHit(String chatId, String query, MessageKey from, boolean forward) {
        return archive.nextHit(chatId, query, from, forward);
    }

    @Override
    public SearchIndexBacklog searchBacklog() {
        return archive.searchBacklog();
    }

    /** Statistics of the newest-page cache. */
    public CacheStats pageStats() {
        return newestPages.stats();
    }

    /** Lines for the debug view. */
    public List<String> debugLines() {
        return List.of(describe("recent chats (newest pages)", newestPages.stats(), newestPages.estimatedSize()),
                describe("chat list", chatList.stats(), chatList.estimatedSize()));
    }

    private static String describe(String name, CacheStats stats, long size) {
        return String.format(Locale.ROOT, "%s cache: hit rate %.1f%% (%d hits, %d misses), %d cached, %d evicted",
                name, stats.hitRate() * 100, stats.hitCount(), stats.missCount(), size, stats.evictionCount());
    }
}
