package dev.chatarchive.whatsapp;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.ProviderStatus;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/** WhatsApp history. Its sources (export files, live sync) are added by the issues that build them. */
@Extension
public final class WhatsAppHistoryProvider implements HistoryProvider {

    private static final ProviderInfo INFO = new ProviderInfo("whatsapp", "WhatsApp",
            WhatsAppHistoryProvider.class.getPackage().getImplementationVersion() == null
                    ? "dev" : WhatsAppHistoryProvider.class.getPackage().getImplementationVersion());

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public void start(ProviderContext context) {
    }

    @Override
    public ProviderStatus status() {
        return new ProviderStatus(ConnectionState.OFFLINE_READY, "No sources configured");
    }

    @Override
    public List<ChatDescription> listChats() {
        return List.of();
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException {
        throw new PermanentProviderException("WhatsApp has no chat " + request.chatId() + ".");
    }

    @Override
    public Optional<String> chatIdProblem(String chatId) {
        return WhatsAppJid.problem(chatId);
    }
}
