-- Version 1 of the archive schema. See docs/schema.md for every deviation from the seed and why.
-- All instants are INTEGER milliseconds since the epoch, UTC.

-- One row per chat, so listing chats never scans messages. message_count and last_activity are
-- kept up to date in the same transaction that inserts the chat's messages.
CREATE TABLE chats (
  chat_jid       TEXT    PRIMARY KEY CHECK (length(chat_jid) > 0),
  provider_id    TEXT    NOT NULL CHECK (length(provider_id) > 0),
  title          TEXT    NOT NULL,
  is_group       INTEGER NOT NULL DEFAULT 0 CHECK (is_group IN (0, 1)),
  last_activity  INTEGER,
  estimated_size INTEGER CHECK (estimated_size IS NULL OR estimated_size >= 0),
  message_count  INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX idx_chats_last_activity ON chats(last_activity DESC);

-- The seed's Historical Message. The seed keys it on id alone; we key it on (chat_jid, id) as the
-- seed's own rule says ("id must be unique per chat_jid"), and add an integer row_id so FTS5 can
-- index it as external content.
CREATE TABLE messages (
  row_id       INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL CHECK (length(id) > 0),
  chat_jid     TEXT    NOT NULL REFERENCES chats(chat_jid),
  sender       TEXT    NOT NULL CHECK (length(sender) > 0),
  sender_name  TEXT,
  content      TEXT    NOT NULL,
  timestamp    INTEGER NOT NULL,
  is_from_me   INTEGER NOT NULL DEFAULT 0 CHECK (is_from_me IN (0, 1)),
  message_type TEXT,
  raw_proto    TEXT    CHECK (raw_proto IS NULL OR json_valid(raw_proto)),
  is_edited    INTEGER NOT NULL DEFAULT 0 CHECK (is_edited IN (0, 1)),
  reactions    TEXT    CHECK (reactions IS NULL OR json_valid(reactions)),
  created_at   INTEGER NOT NULL
);
-- Deduplication (the seed's idx_messages_chat_msg); also serves "does this message exist".
CREATE UNIQUE INDEX idx_messages_chat_msg ON messages(chat_jid, id);
-- Keyset paging of a chat by (timestamp, id), oldest/newest message, jump to date.
CREATE INDEX idx_messages_chat_time ON messages(chat_jid, timestamp, id);
-- The seed's global idx_messages_timestamp is left out on purpose: every query we run is per chat
-- (served above) or by chat activity (chats.last_activity), and it cost about half the insert rate.

-- Full-text search over message text: case- and accent-insensitive, any alphabetic script.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content,
  content = 'messages',
  content_rowid = 'row_id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.row_id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.row_id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.row_id, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.row_id, new.content);
END;

-- The seed's Sync Checkpoint, one per chat (sync_id = chat_jid), plus stop_reason: why an
-- interrupted sync stopped (limit_reached, crashed, retries_exhausted).
CREATE TABLE sync_checkpoints (
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
  CHECK (last_message_id IS NULL OR last_timestamp IS NOT NULL),
  -- The cursor must be a message the archive holds (the seed's checkpoint consistency rule).
  FOREIGN KEY (chat_jid, last_message_id) REFERENCES messages(chat_jid, id)
);
CREATE INDEX idx_sync_checkpoints_status ON sync_checkpoints(status);

-- The seed's Sync Request: immutable history of what was asked.
CREATE TABLE sync_requests (
  request_id   TEXT    PRIMARY KEY CHECK (length(request_id) > 0),
  chat_jid     TEXT    NOT NULL CHECK (length(chat_jid) > 0),
  max_messages INTEGER NOT NULL CHECK (max_messages BETWEEN 1 AND 10000),
  resume       INTEGER NOT NULL DEFAULT 0 CHECK (resume IN (0, 1)),
  restart      INTEGER NOT NULL DEFAULT 0 CHECK (restart IN (0, 1)),
  requested_at INTEGER NOT NULL,
  requested_by TEXT,
  CHECK (NOT (resume = 1 AND restart = 1))
);
CREATE INDEX idx_sync_requests_chat ON sync_requests(chat_jid, requested_at);
CREATE TRIGGER sync_requests_immutable BEFORE UPDATE ON sync_requests BEGIN
  SELECT RAISE(ABORT, 'sync_requests are immutable history: record a new request instead');
END;

-- The seed's global Sync Status: exactly one row, id = 1.
CREATE TABLE sync_status (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  is_syncing       INTEGER NOT NULL DEFAULT 0 CHECK (is_syncing IN (0, 1)),
  messages_synced  INTEGER NOT NULL DEFAULT 0 CHECK (messages_synced >= 0),
  last_sync_time   INTEGER,
  progress_percent INTEGER CHECK (progress_percent BETWEEN 0 AND 100),
  is_latest        INTEGER NOT NULL DEFAULT 0 CHECK (is_latest IN (0, 1))
);
INSERT INTO sync_status (id, is_syncing, messages_synced, is_latest) VALUES (1, 0, 0, 0);
CREATE TRIGGER sync_status_keep_row BEFORE DELETE ON sync_status BEGIN
  SELECT RAISE(ABORT, 'sync_status must keep exactly one row (id = 1)');
END;
