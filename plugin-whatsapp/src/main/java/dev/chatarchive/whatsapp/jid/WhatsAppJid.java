package dev.chatarchive.whatsapp.jid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place the WhatsApp chat-id rule lives (the seed: a chat id is a JID ending in
 * {@code @s.whatsapp.net} or {@code @g.us}).
 */
public final class WhatsAppJid {

    public static final String USER_SERVER = "@s.whatsapp.net";
    public static final String GROUP_SERVER = "@g.us";

    // Compiled once: an export's every message asks whether its author is a phone number.
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9][0-9 ()\\-\u00A0\u202F.]{5,}");
    private static final Pattern NOT_A_DIGIT = Pattern.compile("[^0-9]");

    private WhatsAppJid() {
    }

    /** Why {@code chatId} is not a WhatsApp chat JID, or empty when it is one. */
    public static Optional<String> problem(String chatId) {
        if (chatId == null || chatId.isBlank()) {
            return Optional.of("a WhatsApp chat id must not be blank");
        }
        int at = chatId.indexOf('@');
        if (at <= 0) {
            return Optional.of("'" + chatId + "' is not a WhatsApp JID: expected a user part, then "
                    + USER_SERVER + " or " + GROUP_SERVER);
        }
        String server = chatId.substring(at);
        if (!server.equals(USER_SERVER) && !server.equals(GROUP_SERVER)) {
            return Optional.of("'" + chatId + "' is not a WhatsApp chat JID: it must end in "
                    + USER_SERVER + " (a person) or " + GROUP_SERVER + " (a group)");
        }
        String user = chatId.substring(0, at);
        if (!user.matches("[0-9A-Za-z.:_-]+")) {
            return Optional.of("'" + chatId + "' has characters a WhatsApp JID cannot have before the '@'");
        }
        return Optional.empty();
    }

    /** Whether {@code chatId} names a group (its server is {@value #GROUP_SERVER}) rather than a person. */
    public static boolean isGroup(String chatId) {
        return chatId != null && chatId.endsWith(GROUP_SERVER);
    }

    /** The user part every id derived for an export chat starts with; real JIDs have digits only. */
    public static final String EXPORT_PREFIX = "export-";

    /**
     * The chat JID of a person from a phone number as exports write it ({@code +31 6 1234 5678},
     * {@code +7 999 999-99-99}), or empty when {@code written} is not a phone number.
     */
    public static Optional<String> fromPhoneNumber(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String trimmed = written.strip();
        if (!PHONE_NUMBER.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        String digits = NOT_A_DIGIT.matcher(trimmed).replaceAll("");
        if (digits.length() < 6 || digits.length() > 15) {
            return Optional.empty();
        }
        return Optional.of(digits + USER_SERVER);
    }

    /**
     * A chat id for an export chat whose real JID is unknown: deterministic (the same title and kind
     * always give the same id) and valid under {@link #problem}, yet never a real WhatsApp JID, whose
     * user part holds digits only: its user part starts with {@link #EXPORT_PREFIX}.
     */
    public static String forExportChat(String title, boolean group) {
        String key = (group ? "group" : "person") + "\u0000" + title.strip().toLowerCase(Locale.ROOT);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return EXPORT_PREFIX + HexFormat.of().formatHex(hash, 0, 12) + (group ? GROUP_SERVER : USER_SERVER);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Whether {@code chatId} was derived for an export chat rather than being a real JID. */
    public static boolean isExportDerived(String chatId) {
        return chatId != null && chatId.startsWith(EXPORT_PREFIX);
    }
}
