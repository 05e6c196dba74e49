package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.whatsapp.HistorySource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** WhatsApp "Export chat" files as a history source. (Being built: issue 4.) */
public final class ExportHistorySource implements HistorySource {

    @Override
    public String name() {
        return "exports";
    }

    @Override
    public void start(ProviderContext context) {
    }

    @Override
    public void stop() {
    }

    @Override
    public ProviderStatus status() {
        return new ProviderStatus(ConnectionState.OFFLINE_READY, "No export files");
    }

    @Override
    public List<ChatDescription> listChats() {
        return List.of();
    }

    @Override
    public boolean owns(String chatId) {
        return false;
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException {
        throw new PermanentProviderException("No export holds chat " + request.chatId() + ".");
    }

    @Override
    public Set<PagingDirection> supportedDirections() {
        return EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER);
    }
}
