package dev.chatarchive.whatsapp;

import dev.chatarchive.api.contract.ProviderContract;
import dev.chatarchive.whatsapp.export.Samples;
import dev.chatarchive.whatsapp.export.TestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WhatsApp provider, with an imported export as its source, against the api's provider contract
 * kit. The export parser spreads the messages of one minute over its milliseconds (the Book Club
 * sample has three in its first minute), so the chat's timestamps are distinct, which the kit checks.
 */
class WhatsAppProviderContractTest {

    @TempDir
    Path temp;

    @Test
    void exportSource_keepsTheProviderContract() throws Exception {
        Path sample = Samples.sample(Samples.BOOK_CLUB);
        String[] chat = new String[1];
        ProviderContract.Starter starter = () -> {
            WhatsAppHistoryProvider provider = new WhatsAppHistoryProvider();
            provider.start(TestContext.amsterdam(temp));
            chat[0] = provider.importSource(sample).get(0).chatId();
            return provider;
        };
        starter.start().stop();

        ProviderContract.of(starter).chat(chat[0]).distinctTimestamps()
                .unknownChat("31600000000@s.whatsapp.net").verify();
    }
}
