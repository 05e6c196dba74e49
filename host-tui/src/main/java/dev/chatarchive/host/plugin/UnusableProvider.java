package dev.chatarchive.host.plugin;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderInfo;
import java.util.List;

/** Stands in for a provider that could not even be created, so it can be listed with its problem. */
final class UnusableProvider implements HistoryProvider {

    private final ProviderInfo info;

    UnusableProvider(ProviderInfo info) {
        this.info = info;
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public List<ChatDescription> listChats() throws PermanentProviderException {
        throw new PermanentProviderException(info.name() + " could not be loaded.");
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException {
        throw new PermanentProviderException(info.name() + " could not be loaded.");
    }
}
