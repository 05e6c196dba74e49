package dev.chatarchive.whatsapp.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Phone databases written for tests, in WhatsApp's real table layouts (the DDL below is written
 * from the public descriptions of the formats in docs/whatsapp-backups.md, column names as
 * WhatsApp uses them; no file of another project is copied). Each holds the same small story:
 *
 * <ul>
 *   <li>a 1:1 chat with Anna (+31 6 1234 5678): text both ways, a photo with a caption, an edited
 *       message, a reaction, a quoted reply, a deleted message, a missed video call, a location;
 *   <li>a group "Climbing Crew" with Anna and Bram: a subject change (system row), messages from both,
 *       Bram known only by his LID, which {@code jid_map} maps to his phone number;
 *   <li>a chat with a contact known only by LID, mapped to a phone number (the chat's JID is the phone one);
 *   <li>the status feed ({@code status@broadcast}), which the archive leaves out.
 * </ul>
 */
public final class FixtureDatabases {

    public static final String ANNA = "31612345678@s.whatsapp.net";
    public static final String BRAM = "31687654321@s.whatsapp.net";
    public static final String BRAM_LID = "215111222333444@lid";
    public static final String CARLA = "4915112345678@s.whatsapp.net";
    public static final String CARLA_LID = "99887766554433@lid";
    public static final String GROUP = "120363041234567890@g.us";
    /** 2024-03-01T09:00:00Z, the first message of the story. */
    public static final long T0 = Instant.parse("2024-03-01T09:00:00Z").toEpochMilli();

    private FixtureDatabases() {
    }

    static Connection create(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        run(connection, "PRAGMA synchronous = OFF", "PRAGMA journal_mode = MEMORY");
        return connection;
    }

    static void run(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The current Android msgstore.db layout (message / chat / jid and side tables). */
    public static Path modernAndroid(Path file) throws Exception {
        Files.deleteIfExists(file);
        try (Connection db = create(file)) {
            run(db,
                    "CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL,"
                            + " agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT)",
                    "CREATE TABLE jid_map (lid_row_id INTEGER PRIMARY KEY NOT NULL, jid_row_id INTEGER NOT NULL,"
                            + " sort_id INTEGER NOT NULL DEFAULT 0)",
                    "CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER,"
                            + " subject TEXT, created_timestamp INTEGER, display_message_row_id INTEGER,"
                            + " last_message_row_id INTEGER, archived INTEGER, sort_timestamp INTEGER)",
                    "CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL,"
                            + " from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER,"
                            + " broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT,"
                            + " origination_flags INTEGER, origin INTEGER, timestamp INTEGER, received_timestamp INTEGER,"
                            + " receipt_server_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER,"
                            + " lookup_tables INTEGER, message_add_on_flags INTEGER, view_mode INTEGER,"
                            + " translated_text TEXT)",
                    "CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, autotransfer_retry_enabled INTEGER,"
                            + " multicast_id TEXT, media_job_uuid TEXT, transferred INTEGER, transcoded INTEGER,"
                            + " file_path TEXT, file_size INTEGER, suspicious_content INTEGER, trim_from INTEGER,"
                            + " trim_to INTEGER, face_x INTEGER, face_y INTEGER, media_key BLOB, media_key_timestamp INTEGER,"
                            + " width INTEGER, height INTEGER, has_streaming_sidecar INTEGER, gif_attribution INTEGER,"
                            + " thumbnail_height_width_ratio REAL, direct_path TEXT, first_scan_sidecar BLOB,"
                            + " first_scan_length INTEGER, message_url TEXT, mime_type TEXT, file_length INTEGER,"
                            + " media_name TEXT, file_hash TEXT, media_duration INTEGER, page_count INTEGER,"
                            + " enc_file_hash TEXT, partial_media_hash TEXT, partial_media_enc_hash TEXT,"
                            + " is_animated_sticker INTEGER, original_file_hash TEXT, mute_video INTEGER,"
                            + " media_caption TEXT)",
                    "CREATE TABLE message_quoted (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER,"
                            + " parent_message_chat_row_id INTEGER, from_me INTEGER, sender_jid_row_id INTEGER,"
                            + " key_id TEXT, timestamp INTEGER, message_type INTEGER, origin INTEGER, text_data TEXT,"
                            + " payment_transaction_id TEXT, lookup_tables INTEGER)",
                    "CREATE TABLE message_system (message_row_id INTEGER PRIMARY KEY, action_type INTEGER NOT NULL)",
                    "CREATE TABLE message_system_chat_subject (message_row_id INTEGER PRIMARY KEY, subject TEXT)",
                    "CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER,"
                            + " latitude REAL, longitude REAL, place_name TEXT, place_address TEXT, url TEXT,"
                            + " live_location_share_duration INTEGER, live_location_sequence_number INTEGER,"
                            + " live_location_final_latitude REAL, live_location_final_longitude REAL,"
                            + " live_location_final_timestamp INTEGER, map_download_status INTEGER)",
                    "CREATE TABLE message_edit_info (message_row_id INTEGER PRIMARY KEY, original_key_id TEXT NOT NULL,"
                            + " edited_timestamp INTEGER NOT NULL, sender_timestamp INTEGER NOT NULL)",
                    "CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL,"
                            + " admin_jid_row_id INTEGER, revoke_timestamp INTEGER)",
                    "CREATE TABLE missed_call_logs (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_row_id INTEGER,"
                            + " timestamp INTEGER, video_call INTEGER, group_jid_row_id INTEGER, is_joinable_group_call INTEGER)",
                    "CREATE TABLE message_add_on (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL,"
                            + " from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER,"
                            + " parent_message_row_id INTEGER NOT NULL, timestamp INTEGER, status INTEGER,"
                            + " message_add_on_type INTEGER)",
                    "CREATE TABLE message_add_on_reaction (message_add_on_row_id INTEGER PRIMARY KEY, reaction TEXT,"
                            + " sender_timestamp INTEGER)",
                    // jid rows: 1 Anna, 2 Bram's LID, 3 Bram's phone, 4 the group, 5 status, 6 Carla's LID, 7 Carla's phone
                    "INSERT INTO jid (_id, user, server, type, raw_string) VALUES"
                            + " (1, '31612345678', 's.whatsapp.net', 0, '" + ANNA + "'),"
                            + " (2, '215111222333444', 'lid', 0, '" + BRAM_LID + "'),"
                            + " (3, '31687654321', 's.whatsapp.net', 0, '" + BRAM + "'),"
                            + " (4, '120363041234567890', 'g.us', 1, '" + GROUP + "'),"
                            + " (5, 'status', 'broadcast', 5, 'status@broadcast'),"
                            + " (6, '99887766554433', 'lid', 0, '" + CARLA_LID + "'),"
                            + " (7, '4915112345678', 's.whatsapp.net', 0, '" + CARLA + "')",
                    "INSERT INTO jid_map (lid_row_id, jid_row_id) VALUES (2, 3), (6, 7)",
                    "INSERT INTO chat (_id, jid_row_id, subject) VALUES (1, 1, NULL), (2, 4, 'Climbing Crew'),"
                            + " (3, 5, NULL), (4, 6, NULL)",
                    // the sentinel row every msgstore keeps
                    "INSERT INTO message (_id, chat_row_id, from_me, key_id, timestamp, message_type) VALUES (1, -1, 0, '-1', 0, -1)");
            String m = "INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, timestamp,"
                    + " received_timestamp, message_type, text_data, status, origination_flags) VALUES ";
            run(db,
                    m + "(2, 1, 0, '3EB0A1', 0, " + at(0) + ", " + at(1) + ", 0, 'Hoi! Are we climbing Saturday?', 0, 0)",
                    m + "(3, 1, 1, '3EB0A2', 0, " + at(60) + ", " + at(60) + ", 0, 'Yes, 10:00 at the gym', 13, 0)",
                    m + "(4, 1, 0, '3EB0A3', 0, " + at(120) + ", " + at(121) + ", 1, 'The new wall 🧗', 0, 1)",
                    m + "(5, 1, 1, '3EB0A4', 0, " + at(180) + ", " + at(180) + ", 0, 'See you there (edited)', 13, 0)",
                    m + "(6, 1, 0, '3EB0A5', 0, " + at(240) + ", " + at(241) + ", 0, 'Bring the rope', 0, 0)",
                    m + "(7, 1, 0, '3EB0A6', 0, " + at(300) + ", " + at(301) + ", 15, NULL, 0, 0)",
                    m + "(8, 1, 0, '3EB0A7', 0, " + at(360) + ", " + at(361) + ", 10, NULL, 0, 0)",
                    m + "(9, 1, 1, '3EB0A8', 0, " + at(420) + ", " + at(420) + ", 5, NULL, 13, 0)",
                    // same millisecond as the next one: order by row id
                    m + "(10, 2, 1, 'GRP001', 0, " + at(600) + ", " + at(600) + ", 7, NULL, 6, 0)",
                    m + "(11, 2, 0, 'GRP002', 1, " + at(660) + ", " + at(661) + ", 0, 'Welcome to the crew!', 0, 0)",
                    m + "(12, 2, 0, 'GRP003', 2, " + at(660) + ", " + at(662) + ", 0, 'Thanks Anna', 0, 0)",
                    m + "(13, 2, 1, 'GRP004', 0, " + at(720) + ", " + at(720) + ", 9, '', 13, 0)",
                    m + "(14, 3, 0, 'STATUS1', 1, " + at(800) + ", " + at(801) + ", 1, 'my status', 0, 0)",
                    m + "(15, 4, 0, 'LIDCHAT1', 0, " + at(900) + ", " + at(901) + ", 0, 'Hallo from Carla', 0, 0)",
                    "INSERT INTO message_media (message_row_id, chat_row_id, file_path, mime_type, file_size, media_name,"
                            + " media_duration) VALUES (4, 1, 'Media/WhatsApp Images/IMG-20240301-WA0001.jpg', 'image/jpeg',"
                            + " 48213, NULL, 0),"
                            + " (13, 2, 'Media/WhatsApp Documents/topo.pdf', 'application/pdf', 1200345, 'topo.pdf', 0)",
                    "INSERT INTO message_edit_info VALUES (5, '3EB0A4', " + at(200) + ", " + at(200) + ")",
                    "INSERT INTO message_quoted (message_row_id, chat_row_id, from_me, key_id, text_data, message_type)"
                            + " VALUES (6, 1, 1, '3EB0A2', 'Yes, 10:00 at the gym', 0)",
                    "INSERT INTO missed_call_logs (message_row_id, timestamp, video_call) VALUES (8, " + at(360) + ", 1)",
                    "INSERT INTO message_location (message_row_id, chat_row_id, latitude, longitude, place_name)"
                            + " VALUES (9, 1, 52.370216, 4.895168, 'Klimhal Amsterdam')",
                    "INSERT INTO message_system VALUES (10, 1)",
                    "INSERT INTO message_system_chat_subject VALUES (10, 'Climbing Crew')",
                    "INSERT INTO message_add_on (_id, chat_row_id, from_me, key_id, sender_jid_row_id,"
                            + " parent_message_row_id, timestamp, message_add_on_type)"
                            + " VALUES (1, 1, 1, 'REACT1', 0, 4, " + at(130) + ", 56)",
                    "INSERT INTO message_add_on_reaction VALUES (1, '❤️', " + at(130) + ")");
        }
        return file;
    }

    /**
     * A modern-layout msgstore.db holding one 1:1 chat with {@code jid}: messages {@code 0..count-1}
     * with WhatsApp ids {@code M000000…}, sent at {@code firstSeconds + i * stepSeconds} (UTC seconds),
     * from me when {@code i % 4 == 1}, text "message i of NAME" — the messages the simulated phone
     * (plugin-whatsapp/sidecar/testing/fake-phone.js) generates for a chat with the same settings, so
     * a backup and live mode can be run on the same conversation.
     */
    public static Path phoneChatBackup(Path file, String jid, String name, int count, long firstSeconds, long stepSeconds)
            throws Exception {
        modernAndroid(file);
        try (Connection db = create(file)) {
            run(db, "DELETE FROM message WHERE _id > 1", "DELETE FROM message_media", "DELETE FROM message_quoted",
                    "DELETE FROM message_system", "DELETE FROM message_location", "DELETE FROM message_edit_info",
                    "DELETE FROM message_add_on", "DELETE FROM message_add_on_reaction", "DELETE FROM missed_call_logs",
                    "DELETE FROM chat",
                    "INSERT INTO jid (_id, user, server, type, raw_string) VALUES (100, '"
                            + jid.substring(0, jid.indexOf('@')) + "', 's.whatsapp.net', 0, '" + jid + "')",
                    "INSERT INTO chat (_id, jid_row_id, subject) VALUES (100, 100, NULL)");
            db.setAutoCommit(false);
            try (var insert = db.prepareStatement("INSERT INTO message (chat_row_id, from_me, key_id, sender_jid_row_id,"
                    + " timestamp, received_timestamp, message_type, text_data, status, origination_flags)"
                    + " VALUES (100, ?, ?, 0, ?, ?, 0, ?, ?, 0)")) {
                for (int i = 0; i < count; i++) {
                    boolean fromMe = i % 4 == 1;
                    long millis = (firstSeconds + (long) i * stepSeconds) * 1000;
                    insert.setInt(1, fromMe ? 1 : 0);
                    insert.setString(2, String.format("M%06d", i));
                    insert.setLong(3, millis);
                    insert.setLong(4, millis);
                    insert.setString(5, "message " + i + " of " + name);
                    insert.setInt(6, fromMe ? 13 : 0);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
        }
        return file;
    }

    /** The legacy Android layout: one messages table keyed by JID strings. */
    public static Path legacyAndroid(Path file) throws Exception {
        Files.deleteIfExists(file);
        try (Connection db = create(file)) {
            run(db,
                    "CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL,"
                            + " key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT,"
                            + " timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT,"
                            + " media_size INTEGER, media_name TEXT, media_caption TEXT, media_hash TEXT,"
                            + " media_duration INTEGER, origin INTEGER, latitude REAL, longitude REAL, thumb_image TEXT,"
                            + " remote_resource TEXT, received_timestamp INTEGER, send_timestamp INTEGER,"
                            + " receipt_server_timestamp INTEGER, receipt_device_timestamp INTEGER,"
                            + " read_device_timestamp INTEGER, played_device_timestamp INTEGER, raw_data BLOB,"
                            + " recipient_count INTEGER, participant_hash TEXT, starred INTEGER, quoted_row_id INTEGER,"
                            + " mentioned_jids TEXT, multicast_id TEXT, edit_version INTEGER, media_enc_hash TEXT,"
                            + " payment_transaction_id TEXT, forwarded INTEGER, preview_type INTEGER, send_count INTEGER)",
                    "CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE,"
                            + " message_table_id INTEGER, subject TEXT, creation INTEGER, sort_timestamp INTEGER)",
                    "CREATE TABLE messages_quotes (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT,"
                            + " key_from_me INTEGER, key_id TEXT, data TEXT, timestamp INTEGER, media_wa_type TEXT,"
                            + " remote_resource TEXT)",
                    "INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, timestamp, media_wa_type)"
                            + " VALUES (1, '-1', 0, '-1', -1, 0, '0')",
                    "INSERT INTO chat_list (key_remote_jid, subject) VALUES ('" + ANNA + "', NULL), ('" + GROUP
                            + "', 'Old Crew'), ('status@broadcast', NULL)",
                    "INSERT INTO messages_quotes (_id, key_remote_jid, key_from_me, key_id, data) VALUES"
                            + " (1, '" + ANNA + "', 0, 'OLD001', 'First!')");
            String m = "INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, data, timestamp,"
                    + " media_wa_type, media_mime_type, media_name, media_size, remote_resource, received_timestamp,"
                    + " quoted_row_id, edit_version, latitude, longitude) VALUES ";
            run(db,
                    m + "(2, '" + ANNA + "', 0, 'OLD001', 0, 'First!', " + at(0) + ", '0', NULL, NULL, 0, NULL, " + at(1)
                            + ", NULL, 0, 0, 0)",
                    m + "(3, '" + ANNA + "', 1, 'OLD002', 13, 'Reply to first', " + at(30) + ", '0', NULL, NULL, 0, NULL, "
                            + at(30) + ", 1, 0, 0, 0)",
                    m + "(4, '" + ANNA + "', 0, 'OLD003', 0, NULL, " + at(60) + ", '1', 'image/jpeg', NULL, 3300, NULL, "
                            + at(61) + ", NULL, 0, 0, 0)",
                    m + "(5, '" + ANNA + "', 0, 'OLD004', 5, NULL, " + at(90) + ", '15', NULL, NULL, 0, NULL, " + at(91)
                            + ", NULL, 7, 0, 0)",
                    m + "(6, '" + GROUP + "', 0, 'OLDG01', 6, NULL, " + at(120) + ", '0', NULL, NULL, 0, '" + ANNA + "', "
                            + at(121) + ", NULL, 0, 0, 0)",
                    m + "(7, '" + GROUP + "', 0, 'OLDG02', 0, 'Hello old crew', " + at(150) + ", '0', NULL, NULL, 0, '"
                            + BRAM + "', " + at(151) + ", NULL, 0, 0, 0)",
                    m + "(8, '" + GROUP + "', 1, 'OLDG03', 13, NULL, " + at(180) + ", '5', NULL, NULL, 0, NULL, " + at(180)
                            + ", NULL, 0, 52.1, 5.1)",
                    m + "(9, 'status@broadcast', 0, 'OLDS01', 0, 'status', " + at(200) + ", '0', NULL, NULL, 0, '" + ANNA
                            + "', " + at(200) + ", NULL, 0, 0, 0)");
        }
        return file;
    }

    /** Android's contacts database, wa.db, with names for Anna and Bram. */
    public static Path waDb(Path file) throws Exception {
        Files.deleteIfExists(file);
        try (Connection db = create(file)) {
            run(db, "CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL,"
                            + " is_whatsapp_user INTEGER NOT NULL, status TEXT, status_timestamp INTEGER, number TEXT,"
                            + " raw_contact_id INTEGER, display_name TEXT, phone_type INTEGER, phone_label TEXT,"
                            + " unseen_msg_count INTEGER, photo_ts INTEGER, thumb_ts INTEGER, photo_id_timestamp INTEGER,"
                            + " given_name TEXT, family_name TEXT, wa_name TEXT, sort_name TEXT, nickname TEXT,"
                            + " company TEXT, title TEXT, status_autodownload_disabled INTEGER, keep_timestamp INTEGER,"
                            + " is_spam_reported INTEGER, is_sidelist_synced INTEGER, is_business_synced INTEGER)",
                    "INSERT INTO wa_contacts (jid, is_whatsapp_user, display_name, wa_name) VALUES"
                            + " ('" + ANNA + "', 1, 'Anna de Vries', 'Anna'),"
                            + " ('" + BRAM + "', 1, NULL, 'Bram 🧗'),"
                            + " ('" + CARLA + "', 1, 'Carla M.', NULL)");
        }
        return file;
    }

    /** The iPhone ChatStorage.sqlite layout (Core Data: Z-prefixed tables and columns). */
    public static Path iosChatStorage(Path file) throws Exception {
        Files.deleteIfExists(file);
        try (Connection db = create(file)) {
            run(db,
                    "CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,"
                            + " ZARCHIVED INTEGER, ZCONTACTABID INTEGER, ZFLAGS INTEGER, ZHIDDEN INTEGER,"
                            + " ZMESSAGECOUNTER INTEGER, ZREMOVED INTEGER, ZSESSIONTYPE INTEGER, ZSPOTLIGHTSTATUS INTEGER,"
                            + " ZUNREADCOUNT INTEGER, ZGROUPINFO INTEGER, ZLASTMESSAGE INTEGER, ZPROPERTIES INTEGER,"
                            + " ZLASTMESSAGEDATE TIMESTAMP, ZLOCATIONSHARINGENDDATE TIMESTAMP, ZCONTACTIDENTIFIER VARCHAR,"
                            + " ZCONTACTJID VARCHAR, ZETAG VARCHAR, ZLASTMESSAGETEXT VARCHAR, ZPARTNERNAME VARCHAR,"
                            + " ZSAVEDINPUT VARCHAR)",
                    "CREATE TABLE ZWAGROUPMEMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,"
                            + " ZCONTACTABID INTEGER, ZISACTIVE INTEGER, ZISADMIN INTEGER, ZSENDERKEYSENT INTEGER,"
                            + " ZCHATSESSION INTEGER, ZRECENTGROUPCHAT INTEGER, ZCONTACTIDENTIFIER VARCHAR,"
                            + " ZCONTACTNAME VARCHAR, ZFIRSTNAME VARCHAR, ZMEMBERJID VARCHAR)",
                    "CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,"
                            + " ZCHILDMESSAGESDELIVEREDCOUNT INTEGER, ZCHILDMESSAGESPLAYEDCOUNT INTEGER,"
                            + " ZCHILDMESSAGESREADCOUNT INTEGER, ZDATAITEMVERSION INTEGER, ZDOCID INTEGER,"
                            + " ZENCRETRYCOUNT INTEGER, ZFILTEREDRECIPIENTCOUNT INTEGER, ZFLAGS INTEGER,"
                            + " ZGROUPEVENTTYPE INTEGER, ZISFROMME INTEGER, ZMESSAGEERRORSTATUS INTEGER,"
                            + " ZMESSAGESTATUS INTEGER, ZMESSAGETYPE INTEGER, ZSORT INTEGER, ZSPOTLIGHTSTATUS INTEGER,"
                            + " ZSTARRED INTEGER, ZCHATSESSION INTEGER, ZGROUPMEMBER INTEGER, ZLASTSESSION INTEGER,"
                            + " ZMEDIAITEM INTEGER, ZMESSAGEINFO INTEGER, ZPARENTMESSAGE INTEGER,"
                            + " ZMESSAGEDATE TIMESTAMP, ZSENTDATE TIMESTAMP, ZFROMJID VARCHAR, ZMEDIASECTIONID VARCHAR,"
                            + " ZPHASH VARCHAR, ZPUSHNAME VARCHAR, ZSTANZAID VARCHAR, ZTEXT VARCHAR, ZTOJID VARCHAR)",
                    "CREATE TABLE ZWAMEDIAITEM (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,"
                            + " ZCLOUDSTATUS INTEGER, ZFILESIZE INTEGER, ZMEDIAORIGIN INTEGER, ZMOVIEDURATION INTEGER,"
                            + " ZMESSAGE INTEGER, ZASPECTRATIO FLOAT, ZHACCURACY FLOAT, ZLATITUDE FLOAT, ZLONGITUDE FLOAT,"
                            + " ZMEDIAURLDATE TIMESTAMP, ZAUTHORNAME VARCHAR, ZCOLLECTIONNAME VARCHAR,"
                            + " ZMEDIALOCALPATH VARCHAR, ZMEDIAURL VARCHAR, ZTHUMBNAILLOCALPATH VARCHAR, ZTITLE VARCHAR,"
                            + " ZVCARDNAME VARCHAR, ZVCARDSTRING VARCHAR, ZXMPPTHUMBPATH VARCHAR, ZMEDIAKEY BLOB,"
                            + " ZMETADATA BLOB)",
                    "INSERT INTO ZWACHATSESSION (Z_PK, ZCONTACTJID, ZPARTNERNAME, ZSESSIONTYPE, ZLASTMESSAGEDATE) VALUES"
                            + " (1, '" + ANNA + "', 'Anna de Vries', 0, " + apple(240) + "),"
                            + " (2, '" + GROUP + "', 'Climbing Crew', 1, " + apple(720) + "),"
                            + " (3, '31612345678@status', NULL, 3, " + apple(800) + ")",
                    "INSERT INTO ZWAGROUPMEMBER (Z_PK, ZCHATSESSION, ZMEMBERJID, ZCONTACTNAME, ZFIRSTNAME) VALUES"
                            + " (1, 2, '" + ANNA + "', 'Anna de Vries', 'Anna'),"
                            + " (2, 2, '" + BRAM + "', NULL, 'Bram')");
            String m = "INSERT INTO ZWAMESSAGE (Z_PK, ZCHATSESSION, ZISFROMME, ZMESSAGEDATE, ZSENTDATE, ZTEXT,"
                    + " ZMESSAGETYPE, ZGROUPEVENTTYPE, ZSTANZAID, ZFROMJID, ZTOJID, ZGROUPMEMBER, ZMEDIAITEM, ZPUSHNAME,"
                    + " ZFLAGS) VALUES ";
            run(db,
                    m + "(1, 1, 0, " + apple(0) + ", " + apple(0) + ", 'Hoi! Are we climbing Saturday?', 0, 0, '3EB0A1', '"
                            + ANNA + "', NULL, NULL, NULL, 'Anna', 0)",
                    m + "(2, 1, 1, " + apple(60.5) + ", " + apple(60.5) + ", 'Yes, 10:00 at the gym', 0, 0, '3EB0A2', NULL, '"
                            + ANNA + "', NULL, NULL, NULL, 0)",
                    m + "(3, 1, 0, " + apple(120) + ", " + apple(120) + ", NULL, 1, 0, '3EB0A3', '" + ANNA
                            + "', NULL, NULL, 1, 'Anna', 128)",
                    m + "(4, 1, 0, " + apple(180) + ", " + apple(180) + ", NULL, 14, 0, '3EB0A6', '" + ANNA
                            + "', NULL, NULL, NULL, 'Anna', 0)",
                    m + "(5, 1, 0, " + apple(240) + ", " + apple(240) + ", NULL, 10, 4, '3EB0A7', '" + ANNA
                            + "', NULL, NULL, NULL, NULL, 0)",
                    m + "(6, 2, 0, " + apple(600) + ", " + apple(600) + ", NULL, 6, 12, 'GRP001', '" + GROUP
                            + "', NULL, 1, NULL, NULL, 0)",
                    m + "(7, 2, 0, " + apple(660) + ", " + apple(660) + ", 'Welcome to the crew!', 0, 0, 'GRP002', '" + GROUP
                            + "', NULL, 1, NULL, 'Anna', 0)",
                    m + "(8, 2, 0, " + apple(660) + ", " + apple(660) + ", 'Thanks Anna', 0, 0, 'GRP003', '" + GROUP
                            + "', NULL, 2, NULL, 'Bram', 0)",
                    m + "(9, 2, 1, " + apple(720) + ", " + apple(720) + ", NULL, 8, 0, 'GRP004', NULL, '" + GROUP
                            + "', NULL, 2, NULL, 0)",
                    m + "(10, 3, 0, " + apple(800) + ", " + apple(800) + ", 'my status', 0, 0, 'STATUS1', '" + ANNA
                            + "', NULL, NULL, NULL, NULL, 0)",
                    "INSERT INTO ZWAMEDIAITEM (Z_PK, ZMESSAGE, ZMEDIALOCALPATH, ZTITLE, ZFILESIZE, ZVCARDSTRING) VALUES"
                            + " (1, 3, 'Media/31612345678@s.whatsapp.net/a/b/IMG_0001.jpg', 'The new wall 🧗', 48213,"
                            + " 'image/jpeg'),"
                            + " (2, 9, 'Media/120363041234567890@g.us/c/d/topo.pdf', 'topo.pdf', 1200345, 'application/pdf')");
        }
        return file;
    }

    /**
     * An unencrypted iPhone backup folder holding {@code chatStorage}: Manifest.db names it by its
     * file id, and the file sits at {@code 7c/<file id>} as Finder stores it.
     */
    public static Path iosBackupFolder(Path folder, Path chatStorage) throws Exception {
        Files.createDirectories(folder);
        String fileId = "7c7fba66680ef796b916b067077cc246adacf01d";
        Path stored = folder.resolve("7c").resolve(fileId);
        Files.createDirectories(stored.getParent());
        Files.copy(chatStorage, stored);
        try (Connection db = create(folder.resolve("Manifest.db"))) {
            run(db, "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER,"
                            + " file BLOB)",
                    "INSERT INTO Files VALUES ('" + fileId + "', 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared',"
                            + " 'ChatStorage.sqlite', 1, NULL),"
                            + " ('3d0d7e5fb2ce288813306e4d4636395e047a3d28', 'HomeDomain', 'Library/SMS/sms.db', 1, NULL)");
        }
        Files.writeString(folder.resolve("Info.plist"), "<?xml version=\"1.0\"?><plist><dict></dict></plist>");
        return folder;
    }

    /**
     * What an old Android row's {@code thumb_image} holds: a Java-serialised object with the media
     * file among its fields (here a real {@code java.io.File} and other values, written by the JDK's
     * own serialisation).
     */
    public static byte[] serialisedMediaData(String path) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new Object[] {Boolean.TRUE, "3EB0C431C26A1916E3E2", new java.io.File(path), 3300L});
        }
        return bytes.toByteArray();
    }

    /** Adds a file to an iPhone backup folder's Manifest.db (the file itself is the caller's). */
    public static void listInManifest(Path folder, String fileId, String domain, String relativePath) throws Exception {
        try (Connection db = create(folder.resolve("Manifest.db"));
             var insert = db.prepareStatement("INSERT INTO Files VALUES (?, ?, ?, 1, NULL)")) {
            insert.setString(1, fileId);
            insert.setString(2, domain);
            insert.setString(3, relativePath);
            insert.executeUpdate();
        }
    }

    /** Milliseconds since the epoch, {@code seconds} after {@link #T0}. */
    public static long at(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    /** Apple's seconds since 2001-01-01 for {@code seconds} after {@link #T0}. */
    static double apple(double seconds) {
        return at(seconds) / 1000.0 - 978_307_200L;
    }
}
