package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one key that settles an export whose dates read two ways: {@code O} asks for the file (offering
 * the one a notice just refused) and how its dates read, and imports it that way.
 */
class ImportWithDateOrderTest {

    @TempDir
    Path folder;
    Archive archive;
    UiHarness harness;
    final List<String> imports = new CopyOnWriteArrayList<>();

    /** Sync controls that record the imports asked for. */
    private final SyncControls controls = new SyncControls() {
        @Override
        public void syncChat(String chatId, int maxMessages, SyncMode mode) {
        }

        @Override
        public void syncAll(int maxMessagesPerChat) {
        }

        @Override
        public void cancel(String chatId) {
        }

        @Override
        public int loadOlder(String chatId, int pageSize) {
            return 0;
        }

        @Override
        public SyncOverview overview() {
            return SyncOverview.IDLE;
        }

        @Override
        public void addListener(Listener listener) {
        }

        @Override
        public String importWithDateOrder(Path file, String dateOrder) {
            imports.add(file + " " + dateOrder);
            return "Imported " + file.getFileName() + " (Sam) with its dates read " + dateOrder + ": 2 new messages.";
        }
    };

    @BeforeEach
    void open() throws Exception {
        archive = Archive.open(folder.resolve("archive.db"), SampleChats.CLOCK);
        harness = new UiHarness(archive, controls, SampleChats.CLOCK, 120, 24);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        archive.close();
    }

    @Test
    void keyCapitalO_offersTheFileJustRefusedForItsDates_andImportsItDayFirst() {
        String refused = "/home/sam/exports/WhatsApp Chat with Sam.txt";
        harness.ui.providerEvent("WhatsApp", new ProviderEvent.Notice(refused + ": The dates in 'WhatsApp Chat with"
                + " Sam.txt' can be read day-first or month-first ... import it with --date-order day-month-year (or"
                + " month-day-year; in the app, the key O), or put the line date-order=day-month-year (or"
                + " month-day-year) in '" + refused + ".properties', or set whatsapp.exports.date-order ...", true));
        harness.settle();

        harness.press('O');
        assertTrue(harness.text().contains("Import with a date order, file: " + refused), harness.text());
        harness.press(KeyType.Enter);
        assertTrue(harness.text().contains("Its dates are:"), harness.text());
        harness.type("d");

        harness.settleUntilShown("with its dates read day-month-year: 2 new messages.");
        assertEquals(List.of(refused + " day-month-year"), imports);
    }

    @Test
    void keyCapitalO_withAnAnswerThatIsNoDateOrder_importsNothingAndSaysWhatToAnswer() {
        harness.press('O');
        harness.type("/tmp/chat.txt");
        harness.type("x");

        assertTrue(harness.text().contains("\"x\" is no date order: answer d, m or y."), harness.text());
        assertTrue(imports.isEmpty());
    }
}
