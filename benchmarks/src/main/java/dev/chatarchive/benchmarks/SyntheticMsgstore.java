package dev.chatarchive.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.sqlite.SQLiteConfig;

/**
 * A generated Android msgstore.db (WhatsApp's current layout: {@code jid}, {@code chat}, {@code message},
 * {@code message_media}) for the backup import benchmark: chats sized by 1/rank (a few huge, most
 * small), one group in five, texts of 2 to 12 words in several scripts with emoji, one message in
 * twenty an image. Deterministic for a seed. Written with the host's own sqlite-jdbc.
 */
final class SyntheticMsgstore {

    private static final String[] WORDS = ("the a climbing rope wall tomorrow gym café 東京 привет Grüße hola ναι 😀"
            + " see you there bring water later zanzibar").split(" ");

    private SyntheticMsgstore() {
    }

    /** Writes {@code messages} messages over {@code chats} chats into a new file {@code target}. */
    static void write(Path target, long messages, int chats, long seed) throws Exception {
        Files.deleteIfExists(target);
        Files.createDirectories(target.getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        try (Connection db = config.createConnection("jdbc:sqlite:" + target.toAbsolutePath())) {
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL,"
                        + " server TEXT NOT NULL, agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT)");
                statement.execute("CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE,"
                        + " hidden INTEGER, subject TEXT, created_timestamp INTEGER)");
                statement.execute("CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL,"
                        + " from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER,"
                        + " origination_flags INTEGER, timestamp INTEGER, received_timestamp INTEGER,"
                        + " message_type INTEGER, text_data TEXT, starred INTEGER)");
                statement.execute("CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER,"
                        + " file_path TEXT, file_size INTEGER, mime_type TEXT, media_name TEXT, media_duration INTEGER,"
                        + " media_caption TEXT)");
            }
            db.setAutoCommit(false);
            try (PreparedStatement jid = db.prepareStatement(
                    "INSERT INTO jid (_id, user, server, type, raw_string) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement chat = db.prepareStatement("INSERT INTO chat (_id, jid_row_id, subject) VALUES (?, ?, ?)")) {
                for (int c = 1; c <= chats; c++) {
                    boolean group = c % 5 == 0;
                    String user = group ? String.format("120363%012d", c) : String.format("316%08d", c);
                    String server = group ? "g.us" : "s.whatsapp.net";
                    jid.setLong(1, c);
                    jid.setString(2, user);
                    jid.setString(3, server);
                    jid.setInt(4, group ? 1 : 0);
                    jid.setString(5, user + "@" + server);
                    jid.executeUpdate();
                    chat.setLong(1, c);
                    chat.setLong(2, c);
                    chat.setString(3, group ? "Group " + c : null);
                    chat.executeUpdate();
                }
                for (int p = 1; p <= 50; p++) {
                    String user = String.format("317%08d", p);
                    jid.setLong(1, 100_000 + p);
                    jid.setString(2, user);
                    jid.setString(3, "s.whatsapp.net");
                    jid.setInt(4, 0);
                    jid.setString(5, user + "@s.whatsapp.net");
                    jid.executeUpdate();
                }
            }
            double[] cumulative = new double[chats];
            double total = 0;
            for (int c = 0; c < chats; c++) {
                total += 1.0 / (c + 1);
                cumulative[c] = total;
            }
            Random random = new Random(seed);
            long start = 1_600_000_000_000L;
            try (PreparedStatement message = db.prepareStatement("INSERT INTO message (_id, chat_row_id, from_me, key_id,"
                    + " sender_jid_row_id, timestamp, received_timestamp, message_type, text_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement media = db.prepareStatement("INSERT INTO message_media (message_row_id, chat_row_id,"
                         + " file_path, file_size, mime_type) VALUES (?, ?, ?, ?, 'image/jpeg')")) {
                StringBuilder text = new StringBuilder();
                for (long i = 0; i < messages; i++) {
                    double pick = random.nextDouble() * total;
                    int c = 0;
                    while (cumulative[c] < pick) {
                        c++;
                    }
                    int chatId = c + 1;
                    boolean me = random.nextInt(10) < 4;
                    boolean image = random.nextInt(20) == 0;
                    text.setLength(0);
                    for (int w = 2 + random.nextInt(11); w > 0; w--) {
                        text.append(WORDS[random.nextInt(WORDS.length)]).append(w > 1 ? " " : "");
                    }
                    long row = i + 2;
                    long time = start + i * 37_000L;
                    message.setLong(1, row);
                    message.setInt(2, chatId);
                    message.setInt(3, me ? 1 : 0);
                    message.setString(4, String.format("3EB0%016X", random.nextLong()));
                    message.setLong(5, me || chatId % 5 != 0 ? 0 : 100_000 + 1 + random.nextInt(50));
                    message.setLong(6, time);
                    message.setLong(7, time + 500);
                    message.setInt(8, image ? 1 : 0);
                    message.setString(9, text.toString());
                    message.addBatch();
                    if (image) {
                        media.setLong(1, row);
                        media.setInt(2, chatId);
                        media.setString(3, "Media/WhatsApp Images/IMG-" + row + ".jpg");
                        media.setLong(4, 50_000 + random.nextInt(200_000));
                        media.addBatch();
                    }
                    if (i % 10_000 == 9_999) {
                        message.executeBatch();
                        media.executeBatch();
                    }
                }
                message.executeBatch();
                media.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the benchmark msgstore.db " + target + ": " + e.getMessage(), e);
        }
    }
}
