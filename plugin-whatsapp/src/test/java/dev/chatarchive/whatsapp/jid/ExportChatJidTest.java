package dev.chatarchive.whatsapp.jid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chat ids {@link WhatsAppJid} gives export chats. */
class ExportChatJidTest {

    @Test
    void fromPhoneNumber_writtenWithSpacesDashesAndPlus_isTheUsersJid() {
        assertEquals(Optional.of("79999999999@s.whatsapp.net"), WhatsAppJid.fromPhoneNumber("+7 999 999-99-99"));
        assertEquals(Optional.of("14155550134@s.whatsapp.net"), WhatsAppJid.fromPhoneNumber("+1 (415) 555\u00A00134"));
    }

    @Test
    void fromPhoneNumber_name_isNoJid() {
        assertEquals(Optional.empty(), WhatsAppJid.fromPhoneNumber("Alice"));
        assertEquals(Optional.empty(), WhatsAppJid.fromPhoneNumber("Room 101"));
        assertEquals(Optional.empty(), WhatsAppJid.fromPhoneNumber("+1 234"));
    }

    @Test
    void forExportChat_sameTitleAnyCase_sameIdThatPassesTheRule() {
        String id = WhatsAppJid.forExportChat("Family", true);

        assertEquals(id, WhatsAppJid.forExportChat(" family ", true));
        assertTrue(WhatsAppJid.problem(id).isEmpty());
        assertTrue(WhatsAppJid.isExportDerived(id));
        assertTrue(id.endsWith(WhatsAppJid.GROUP_SERVER));
    }

    @Test
    void forExportChat_personAndGroupOfOneName_differ() {
        assertNotEquals(WhatsAppJid.forExportChat("Sam", false), WhatsAppJid.forExportChat("Sam", true));
        assertTrue(WhatsAppJid.forExportChat("Sam", false).endsWith(WhatsAppJid.USER_SERVER));
    }
}
