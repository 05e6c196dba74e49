-- Version 7: messages name their chat by a small integer, not by the chat id's text (docs/schema.md,
-- "Integer chat key (version 7)"). The chat id ('120363...@g.us', 'export-...') was stored in every
-- message row and again in both per-chat indexes; a chat key is 1-2 bytes. The rows move to the
-- table message_rows; a view named messages shows them exactly as before (with chat_jid), so every
-- reader, the sqlite3 command line and SQL written for earlier versions still read the same columns.
-- Writes go to message_rows (the view also takes plain INSERTs and DELETEs, for tools).
--
-- Row ids, search keys and the full-text index are unchanged: the index's rows are keyed by
-- search_key, which is copied as it is, so the index's data is kept and only its content table changes.
-- Migrations runs this step with foreign keys off (the SQLite table-rebuild procedure) and checks them
-- (PRAGMA foreign_key_check) before it commits.

-- Chats get a stable integer key (an INTEGER PRIMARY KEY never changes, a plain rowid may at VACUUM).
CREATE TABLE chats_v7 (
  chat_key       INTEGER PRIMARY KEY,
  chat_jid       TEXT    NOT NULL UNIQUE CHECK (length(chat_jid) > 0),
  provider_id    TEXT    NOT NULL CHECK (length(provider_id) > 0),
  title          TEXT    NOT NULL,
  is_group       INTEGER NOT NULL DEFAULT 0 CHECK (is_group IN (0, 1)),
  last_activity  INTEGER,
  estimated_size INTEGER CHECK (estimated_size IS NULL OR estimated_size >= 0),
  message_count  INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
INSERT INTO chats_v7 (chat_key, chat_jid, provider_id, title, is_group, last_activity, estimated_size, message_count,
                      created_at, updated_at)
SELECT rowid, chat_jid, provider_id, title, is_group, last_activity, estimated_size, message_count, created_at, updated_at
FROM chats ORDER BY rowid;

-- The seed's Historical Message, with chat_key for chat_jid. Same columns, same order otherwise.
CREATE TABLE message_rows (
  row_id       INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL CHECK (length(id) > 0),
  chat_key     INTEGER NOT NULL REFERENCES chats(chat_key),
  sender       TEXT    NOT NULL CHECK (length(sender) > 0),
  sender_name  TEXT,
  content      TEXT    NOT NULL,
  timestamp    INTEGER NOT NULL,
  is_from_me   INTEGER NOT NULL DEFAULT 0 CHECK (is_from_me IN (0, 1)),
  message_type TEXT,
  raw_proto    TEXT    CHECK (raw_proto IS NULL OR json_valid(raw_proto)),
  is_edited    INTEGER NOT NULL DEFAULT 0 CHECK (is_edited IN (0, 1)),
  reactions    TEXT    CHECK (reactions IS NULL OR json_valid(reactions)),
  created_at   INTEGER NOT NULL,
  search_key   INTEGER
);
-- A plain WhatsApp export record becomes {"source":"whatsapp-export"}, as new imports store it since
-- this version (docs/whatsapp-exports.md, "What is stored"): {"source":"whatsapp-export","line":N,
-- "header":H} with no other key, when H is a plain header: of a person's message (H ends with
-- sender_name || ': ', the part before it is non-empty printable ASCII, U+00A0 or U+202F), or of an
-- event (sender 'system', H does not end with ': ' and is all such characters). Nothing reads line or
-- header back. The rule is the parser's (a conservative subset of what the plugin does on import).
INSERT INTO message_rows (row_id, id, chat_key, sender, sender_name, content, timestamp, is_from_me, message_type,
                          raw_proto, is_edited, reactions, created_at, search_key)
SELECT m.row_id, m.id, c.chat_key, m.sender, m.sender_name, m.content, m.timestamp, m.is_from_me, m.message_type,
       CASE WHEN m.raw_proto LIKE '%whatsapp-export%'
         AND json_valid(m.raw_proto)
         AND json_extract(m.raw_proto, '$.source') = 'whatsapp-export'
         AND (SELECT count(*) FROM json_each(m.raw_proto)) = 3
         AND json_type(m.raw_proto, '$.line') = 'integer'
         AND json_type(m.raw_proto, '$.header') = 'text'
         AND CASE
               WHEN m.sender <> 'system' AND m.sender_name IS NOT NULL THEN
                 length(json_extract(m.raw_proto, '$.header')) > length(m.sender_name) + 2
                 AND substr(json_extract(m.raw_proto, '$.header'), -(length(m.sender_name) + 2)) = m.sender_name || ': '
                 AND substr(json_extract(m.raw_proto, '$.header'), 1,
                            length(json_extract(m.raw_proto, '$.header')) - length(m.sender_name) - 2)
                     NOT GLOB ('*[^ -~' || char(160, 8239) || ']*')
               WHEN m.sender = 'system' THEN
                 json_extract(m.raw_proto, '$.header') <> ''
                 AND substr(json_extract(m.raw_proto, '$.header'), -2) <> ': '
                 AND json_extract(m.raw_proto, '$.header') NOT GLOB ('*[^ -~' || char(160, 8239) || ']*')
               ELSE 0
             END
       THEN '{"source":"whatsapp-export"}' ELSE m.raw_proto END,
       m.is_edited, m.reactions, m.created_at, m.search_key
FROM messages m JOIN chats_v7 c ON c.chat_jid = m.chat_jid ORDER BY m.row_id;

-- The cursor rule (the seed's checkpoint consistency rule) was a foreign key into messages; a foreign
-- key cannot name a view, so triggers keep it (below). Everything else is as before.
CREATE TABLE sync_checkpoints_v7 (
  sync_id          TEXT    PRIMARY KEY,
  chat_jid         TEXT    NOT NULL UNIQUE REFERENCES chats(chat_jid),
  status           TEXT    NOT NULL CHECK (status IN
                     ('not_started', 'in_progress', 'interrupted', 'cancelled', 'completed', 'failed')),
  messages_synced  INTEGER NOT NULL DEFAULT 0 CHECK (messages_synced >= 0),
  last_message_id  TEXT,
  last_timestamp   INTEGER,
  progress_percent INTEGER CHECK (progress_percent BETWEEN 0 AND 100),
  error_message    TEXT,
  stop_reason      TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  completed_at     INTEGER,
  CHECK (sync_id = chat_jid),
  CHECK (status <> 'completed' OR completed_at IS NOT NULL),
  CHECK (last_message_id IS NULL OR last_timestamp IS NOT NULL)
);
INSERT INTO sync_checkpoints_v7 SELECT * FROM sync_checkpoints;

CREATE TABLE attachments_v7 (
  message_row_id INTEGER PRIMARY KEY REFERENCES message_rows(row_id) ON DELETE CASCADE,
  file_name      TEXT    NOT NULL CHECK (length(file_name) > 0),
  mime_type      TEXT,
  size           INTEGER CHECK (size IS NULL OR size >= 0),
  sha256         TEXT    REFERENCES media_files(sha256),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
INSERT INTO attachments_v7 SELECT * FROM attachments;

-- The full-text index keeps its data: a new index on message_rows gets the old one's shadow tables'
-- rows (same rowids, same text), then takes its name.
CREATE VIRTUAL TABLE messages_fts_v7 USING fts5(
  content,
  content = 'message_rows',
  content_rowid = 'search_key',
  tokenize = 'unicode61 remove_diacritics 2'
);
DELETE FROM messages_fts_v7_data;
INSERT INTO messages_fts_v7_data SELECT * FROM messages_fts_data;
DELETE FROM messages_fts_v7_idx;
INSERT INTO messages_fts_v7_idx SELECT * FROM messages_fts_idx;
DELETE FROM messages_fts_v7_docsize;
INSERT INTO messages_fts_v7_docsize SELECT * FROM messages_fts_docsize;
DELETE FROM messages_fts_v7_config;
INSERT INTO messages_fts_v7_config SELECT * FROM messages_fts_config;

DROP TABLE messages_fts_terms;
DROP TABLE messages_fts;
DROP TABLE attachments;
DROP TABLE sync_checkpoints;
DROP TABLE messages;
DROP TABLE chats;

ALTER TABLE chats_v7 RENAME TO chats;
ALTER TABLE sync_checkpoints_v7 RENAME TO sync_checkpoints;
ALTER TABLE attachments_v7 RENAME TO attachments;
ALTER TABLE messages_fts_v7 RENAME TO messages_fts;
CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab(messages_fts, 'instance');

CREATE INDEX idx_chats_last_activity ON chats(last_activity DESC);
CREATE INDEX idx_sync_checkpoints_status ON sync_checkpoints(status);
CREATE INDEX idx_attachments_sha256 ON attachments(sha256) WHERE sha256 IS NOT NULL;
-- Deduplication (the seed's idx_messages_chat_msg) and keyset paging, by chat key.
CREATE UNIQUE INDEX idx_messages_chat_msg ON message_rows(chat_key, id);
CREATE INDEX idx_messages_chat_time ON message_rows(chat_key, timestamp, id);
CREATE UNIQUE INDEX idx_messages_search_key ON message_rows(search_key);

-- What every earlier version called messages, for every reader.
CREATE VIEW messages AS
SELECT m.row_id, m.id, c.chat_jid, m.sender, m.sender_name, m.content, m.timestamp, m.is_from_me, m.message_type,
       m.raw_proto, m.is_edited, m.reactions, m.created_at, m.search_key, m.chat_key
FROM message_rows m JOIN chats c ON c.chat_key = m.chat_key;

-- A plain INSERT or DELETE through the view (tools, the sqlite3 command line) reaches message_rows.
CREATE TRIGGER messages_view_insert INSTEAD OF INSERT ON messages BEGIN
  INSERT INTO message_rows (row_id, id, chat_key, sender, sender_name, content, timestamp, is_from_me, message_type,
                            raw_proto, is_edited, reactions, created_at, search_key)
  VALUES (new.row_id, new.id, (SELECT chat_key FROM chats WHERE chat_jid = new.chat_jid), new.sender, new.sender_name,
          new.content, new.timestamp, coalesce(new.is_from_me, 0), new.message_type, new.raw_proto,
          coalesce(new.is_edited, 0), new.reactions, new.created_at, new.search_key);
END;

CREATE TRIGGER messages_view_delete INSTEAD OF DELETE ON messages BEGIN
  DELETE FROM message_rows WHERE row_id = old.row_id;
END;

-- The full-text index follows the rows, exactly as version 6's triggers did on messages.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON message_rows BEGIN
  UPDATE message_rows SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM message_rows WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE new.search_key IS NULL AND row_id = new.row_id;
  INSERT INTO messages_fts(rowid, content) SELECT new.search_key, new.content WHERE new.search_key IS NOT NULL;
  INSERT INTO messages_fts(rowid, content) SELECT search_key, content FROM message_rows
  WHERE new.search_key IS NULL AND row_id = new.row_id;
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON message_rows BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.search_key, old.content);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON message_rows
WHEN new.timestamp IS old.timestamp BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.search_key, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.search_key, new.content);
END;

CREATE TRIGGER messages_fts_retime AFTER UPDATE OF timestamp ON message_rows
WHEN new.timestamp IS NOT old.timestamp BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.search_key, old.content);
  UPDATE message_rows SET search_key = NULL WHERE row_id = new.row_id;
  UPDATE message_rows SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM message_rows WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE row_id = new.row_id;
  INSERT INTO messages_fts(rowid, content) SELECT search_key, content FROM message_rows WHERE row_id = new.row_id;
END;

-- The checkpoint's cursor names a message the archive holds for the chat (what the foreign key did).
CREATE TRIGGER sync_checkpoints_cursor_insert BEFORE INSERT ON sync_checkpoints
WHEN new.last_message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM message_rows m JOIN chats c ON c.chat_key = m.chat_key
                                                     WHERE c.chat_jid = new.chat_jid AND m.id = new.last_message_id) BEGIN
  SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a checkpoint''s last_message_id must be a message the archive holds for its chat');
END;

CREATE TRIGGER sync_checkpoints_cursor_update BEFORE UPDATE OF chat_jid, last_message_id ON sync_checkpoints
WHEN new.last_message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM message_rows m JOIN chats c ON c.chat_key = m.chat_key
                                                     WHERE c.chat_jid = new.chat_jid AND m.id = new.last_message_id) BEGIN
  SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a checkpoint''s last_message_id must be a message the archive holds for its chat');
END;

CREATE TRIGGER message_rows_cursor_delete BEFORE DELETE ON message_rows
WHEN EXISTS (SELECT 1 FROM sync_checkpoints s JOIN chats c ON c.chat_jid = s.chat_jid
             WHERE c.chat_key = old.chat_key AND s.last_message_id = old.id) BEGIN
  SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: the message is a checkpoint''s cursor; move the cursor first');
END;

CREATE TRIGGER message_rows_cursor_update BEFORE UPDATE OF chat_key, id ON message_rows
WHEN (new.chat_key IS NOT old.chat_key OR new.id IS NOT old.id)
     AND EXISTS (SELECT 1 FROM sync_checkpoints s JOIN chats c ON c.chat_jid = s.chat_jid
                 WHERE c.chat_key = old.chat_key AND s.last_message_id = old.id) BEGIN
  SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: the message is a checkpoint''s cursor; move the cursor first');
END;
