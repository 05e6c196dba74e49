package dev.chatarchive.whatsapp.backup.android;

import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Contact names from Android's {@code wa.db} ({@code wa_contacts}: the name in the phone's address
 * book, else the name the contact gave WhatsApp). Read once, whole: a phone has thousands of
 * contacts, not millions.
 */
public final class ContactNames {

    /** No names at all. */
    public static final ContactNames NONE = new ContactNames(Map.of());

    private final Map<String, String> byJid;

    private ContactNames(Map<String, String> byJid) {
        this.byJid = byJid;
    }

    /** The names in {@code waDb}, opened read-only; {@link IllegalArgumentException} when it is no wa.db. */
    public static ContactNames read(Path waDb) throws SQLException {
        try (Connection connection = SqliteFiles.openForeignReadOnly(waDb)) {
            Set<String> columns = SqliteFiles.columns(connection, "wa_contacts");
            if (!columns.contains("jid")) {
                throw new IllegalArgumentException("'" + waDb.getFileName() + "' has no wa_contacts table: it is not"
                        + " WhatsApp's contacts database (wa.db).");
            }
            String display = columns.contains("display_name") ? "display_name" : "NULL";
            String waName = columns.contains("wa_name") ? "wa_name" : "NULL";
            Map<String, String> names = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT jid, " + display + ", " + waName + " FROM wa_contacts")) {
                while (rs.next()) {
                    String jid = rs.getString(1);
                    String name = firstNonBlank(rs.getString(2), rs.getString(3));
                    if (jid != null && name != null) {
                        names.putIfAbsent(jid, name);
                    }
                }
            }
            return new ContactNames(Map.copyOf(names));
        }
    }

    /** The name of {@code jid}, if the contacts know it. */
    public Optional<String> nameOf(String jid) {
        return jid == null ? Optional.empty() : Optional.ofNullable(byJid.get(jid));
    }

    /** How many names there are. */
    public int size() {
        return byJid.size();
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        return b != null && !b.isBlank() ? b.strip() : null;
    }
}
