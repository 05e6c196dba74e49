package dev.chatarchive.whatsapp.live;

import static dev.chatarchive.whatsapp.live.LiveTestHost.await;
import static dev.chatarchive.whatsapp.live.LiveTestHost.awaitState;
import static dev.chatarchive.whatsapp.live.SimulatedPhone.ALICE;
import static dev.chatarchive.whatsapp.live.SimulatedPhone.ALICE_LID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.contract.ProviderContract;
import dev.chatarchive.whatsapp.WhatsAppHistoryProvider;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WhatsApp provider with live mode as the only source of a chat, against the api's provider
 * contract kit: every page the kit asks for is a history request to the stand-in phone through the
 * real sidecar process and Baileys' own history pipeline. The phone's chat puts three messages in
 * each second, so the kit's small pages (1, 2, 3) cut between messages of one second, where a filter
 * on the anchor's timestamp would lose some; the kit starts a second provider on the same link to
 * check that ids and timestamps are stable.
 *
 * <p>Live mode pages only backwards: WhatsApp sends history older than a message the device holds,
 * and newer messages arrive by themselves (live traffic, the replay after a reconnect). The provider
 * answers a NEWER request for a chat only the phone knows with an empty last page
 * ({@link WhatsAppHistoryProvider} offers NEWER for export chats), so the kit is shown that chat as
 * an OLDER-only provider; everything else is passed through untouched. The kit's
 * {@code blockingChat} check does not apply: a request without a cursor answers at once with the
 * newest message live knows, and only requests with an anchor wait for the phone (interrupting one of
 * those is {@code LiveHistorySourceIT.anInterruptedFetch_*}).
 */
class LiveProviderContractIT {

    /** 3 messages a second: pages of 1, 2 and 3 all end inside a second somewhere. */
    private static final int PER_SECOND = 3;

    @TempDir
    Path root;

    @Test
    void liveSource_keepsTheProviderContract() throws Exception {
        ProviderContract.of(() -> new OlderOnly(started())).chat(ALICE).unknownChat("31600000000@s.whatsapp.net").verify();
    }

    @Test
    void aNewerRequestForAChatOnlyThePhoneKnows_isAnEmptyLastPage() throws Exception {
        HistoryProvider provider = started();
        try {
            HistoryPage page = provider.fetchHistory(HistoryRequest.newer(ALICE, null, 50));
            assertEquals(List.of(), page.messages());
            assertTrue(page.endOfHistory(), "a last page");
        } finally {
            provider.stop();
        }
    }

    /** A provider on the same link each time: paired, the chat list and its newest message kept. */
    private HistoryProvider started() throws Exception {
        SimulatedPhone phone = new SimulatedPhone().paired(true).chat(ALICE, ALICE_LID, "Alice", 20)
                .sameSecond(PER_SECOND).pushOnFirstConnect(1);
        WhatsAppHistoryProvider provider = new WhatsAppHistoryProvider();
        provider.start(new LiveTestHost(root, phone));
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> listed(provider), () -> "the phone's chat was never listed");
        return provider;
    }

    private static boolean listed(HistoryProvider provider) {
        try {
            return provider.listChats().stream().map(ChatDescription::chatId).anyMatch(ALICE::equals);
        } catch (Exception e) {
            throw new AssertionError("listChats failed", e);
        }
    }

    /** The live provider as the kit should see it for a chat only the phone knows: it pages OLDER only. */
    private static final class OlderOnly implements HistoryProvider {

        private final HistoryProvider live;

        OlderOnly(HistoryProvider live) {
            this.live = live;
        }

        @Override
        public dev.chatarchive.api.ProviderInfo info() {
            return live.info();
        }

        @Override
        public void start(dev.chatarchive.api.ProviderContext context) throws ProviderException {
            live.start(context);
        }

        @Override
        public void stop() {
            live.stop();
        }

        @Override
        public dev.chatarchive.api.ProviderStatus status() {
            return live.status();
        }

        @Override
        public List<ChatDescription> listChats() throws ProviderException, InterruptedException {
            return live.listChats();
        }

        @Override
        public java.util.Optional<String> chatIdProblem(String chatId) {
            return live.chatIdProblem(chatId);
        }

        @Override
        public Set<PagingDirection> supportedDirections() {
            return EnumSet.of(PagingDirection.OLDER);
        }

        @Override
        public dev.chatarchive.api.SyncPolicy syncPolicy() {
            return live.syncPolicy();
        }

        @Override
        public dev.chatarchive.api.SyncPolicy syncPolicy(HistoryRequest request) {
            return live.syncPolicy(request);
        }

        @Override
        public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
            if (request.direction() == PagingDirection.NEWER) {
                throw new PermanentProviderException("Live mode pages only older history.");
            }
            return live.fetchHistory(request);
        }
    }
}
