package dev.chatarchive.whatsapp.jid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The group rule of {@link WhatsAppJid}, the one place the plugin decides whether a chat is a group. */
class WhatsAppJidTest {

    @Test
    void isGroup_groupServer_isGroup() {
        assertTrue(WhatsAppJid.isGroup("120363000000000001@g.us"));
        assertTrue(WhatsAppJid.isGroup(WhatsAppJid.forExportChat("Book Club", true)));
    }

    @Test
    void isGroup_personOrNoJid_isNotGroup() {
        assertFalse(WhatsAppJid.isGroup("14155550134@s.whatsapp.net"));
        assertFalse(WhatsAppJid.isGroup(WhatsAppJid.forExportChat("Book Club", false)));
        assertFalse(WhatsAppJid.isGroup("Book Club"));
        assertFalse(WhatsAppJid.isGroup(null));
    }
}
