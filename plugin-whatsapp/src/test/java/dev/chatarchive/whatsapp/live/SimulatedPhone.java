package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The config of the sidecar's stand-in phone (sidecar/testing/fake-phone.js), written for one test:
 * the only stand-in in these tests. The phone's answers go through the installed Baileys' own history
 * pipeline (proto, processMessage, event buffer); the sidecar process, its protocol and the plugin are
 * real.
 */
final class SimulatedPhone {

    static final Path SIDECAR = Path.of("sidecar").toAbsolutePath();
    static final Path MODULE = SIDECAR.resolve("testing/fake-phone.js");
    static final String ALICE = "31611111111@s.whatsapp.net";
    static final String ALICE_LID = "90011111111@lid";
    static final long FIRST_TIMESTAMP = 1_600_000_000L;
    static final long STEP_SECONDS = 60;

    final ObjectNode config = SidecarProcess.JSON.createObjectNode();
    private final ArrayNode chats = config.putArray("chats");

    SimulatedPhone paired(boolean paired) {
        config.put("paired", paired);
        return this;
    }

    SimulatedPhone chat(String jid, String lid, String name, int count) {
        chats.addObject().put("jid", jid).put("lid", lid).put("name", name).put("count", count)
                .put("firstTimestamp", FIRST_TIMESTAMP).put("stepSeconds", STEP_SECONDS);
        return this;
    }

    /** The last chat added is keyed by its LID at WhatsApp: the phone answers only requests naming the LID. */
    SimulatedPhone keyedByLid() {
        ((ObjectNode) chats.get(chats.size() - 1)).put("addressing", "lid");
        return this;
    }

    /**
     * The last chat added has {@code perSecond} messages in each of its seconds (the phone keeps their
     * order), as a busy chat does; {@link #timestamp(int)} no longer applies to it.
     */
    SimulatedPhone sameSecond(int perSecond) {
        ((ObjectNode) chats.get(chats.size() - 1)).put("perSecond", perSecond);
        return this;
    }

    /** The last chat added keeps its messages below {@code index} on the phone only (end marker 2). */
    SimulatedPhone onPhoneOnlyBefore(int index) {
        ((ObjectNode) chats.get(chats.size() - 1)).put("onPhoneOnlyBefore", index);
        return this;
    }

    /** The first {@code sockets} connection attempts find no route to WhatsApp. */
    SimulatedPhone unreachable(int sockets) {
        config.putObject("unreachable").put("sockets", sockets).put("code", "ENOTFOUND");
        return this;
    }

    /** WhatsApp refuses (405) clients announcing a WhatsApp Web version older than this. */
    SimulatedPhone minimumVersion(String version) {
        config.put("minimumVersion", version);
        return this;
    }

    /** A live message arrives once connected, keyed as WhatsApp keys its chat (with the other form as alt). */
    SimulatedPhone liveMessage(String chat, String id, String text, long epochSecond) {
        config.withArray("liveAfterOpen").addObject().put("chat", chat).put("id", id).put("text", text)
                .put("timestamp", epochSecond);
        return this;
    }

    SimulatedPhone pushOnFirstConnect(int messagesPerChat) {
        config.putObject("pushOnFirstConnect").put("messagesPerChat", messagesPerChat);
        return this;
    }

    /** What the phone does with the n-th history request of a sidecar process. */
    SimulatedPhone onRequest(int n, String action) {
        config.with("script").putObject(String.valueOf(n)).put("action", action);
        return this;
    }

    SimulatedPhone qrCodes(int scanAfter, String... codes) {
        ObjectNode qr = config.putObject("qr").put("intervalMs", 30);
        if (scanAfter > 0) {
            qr.put("scanAfter", scanAfter);
        }
        ArrayNode list = qr.putArray("codes");
        for (String code : codes) {
            list.add(code);
        }
        return this;
    }

    SimulatedPhone pairingCode(String code) {
        config.putObject("pairingCode").put("code", code).put("acceptAfterMs", 30);
        return this;
    }

    SimulatedPhone afterOpen(String event, Object data) {
        config.withArray("afterOpen").addObject().put("event", event).set("data", SidecarProcess.JSON.valueToTree(data));
        return this;
    }

    Path write(Path folder) throws IOException {
        Path file = folder.resolve("phone.json");
        config.put("journal", folder.resolve("requests.jsonl").toString());
        Files.writeString(file, config.toString());
        return file;
    }

    static String messageId(int index) {
        return String.format("M%06d", index);
    }

    static Instant timestamp(int index) {
        return Instant.ofEpochSecond(FIRST_TIMESTAMP + index * STEP_SECONDS);
    }

    static boolean fromMe(int index) {
        return index % 4 == 1;
    }

    static List<String> idsBetween(int fromInclusive, int toExclusive) {
        List<String> ids = new ArrayList<>();
        for (int i = fromInclusive; i < toExclusive; i++) {
            ids.add(messageId(i));
        }
        return ids;
    }
}
