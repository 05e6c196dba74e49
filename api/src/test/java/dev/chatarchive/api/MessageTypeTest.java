package dev.chatarchive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessageTypeTest {

    @Test
    void wireName_isTheLowerCaseNameAndReadsBackAsTheSameType() {
        for (MessageType type : MessageType.values()) {
            assertEquals(type.name().toLowerCase(Locale.ROOT), type.wireName());
            assertEquals(type, MessageType.fromWireName(type.wireName()));
        }
        assertEquals("live_location", MessageType.LIVE_LOCATION.wireName());
    }

    @Test
    void fromWireName_ofNullOrAnUnknownName_isUnknown() {
        assertEquals(MessageType.UNKNOWN, MessageType.fromWireName(null));
        assertEquals(MessageType.UNKNOWN, MessageType.fromWireName("hologram"));
        assertEquals(MessageType.UNKNOWN, MessageType.fromWireName("TEXT"));
    }
}
