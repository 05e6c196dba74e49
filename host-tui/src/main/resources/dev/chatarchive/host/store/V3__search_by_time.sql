-- Version 3: the full-text index keyed by message time, so search finds the newest messages first
-- whatever order they were stored in (history arrives backwards and in any order). See
-- docs/schema.md, "Search keys".
--
-- messages.search_key orders messages by time: timestamp * 1024 + a slot (0..1023) that tells apart
-- messages of the same millisecond. A message whose timestamp is not a real time (0 for an unreadable
-- legacy timestamp, or past the year 2248), or the 1025th message of one millisecond, gets
-- -2^62 + row_id instead: unique, and older than every real time. The FTS5 index uses search_key as
-- its rowid, so "ORDER BY rowid DESC" walks the matches newest first and stops at the LIMIT.

ALTER TABLE messages ADD COLUMN search_key INTEGER;

UPDATE messages SET search_key = keyed.search_key
FROM (SELECT row_id, CASE
        WHEN timestamp <= 0 OR timestamp >= 8796093022208 OR slot >= 1024 THEN -4611686018427387904 + row_id
        ELSE timestamp * 1024 + slot END AS search_key
      FROM (SELECT row_id, timestamp, row_number() OVER (PARTITION BY timestamp ORDER BY row_id) - 1 AS slot
            FROM messages)) AS keyed
WHERE messages.row_id = keyed.row_id;

CREATE UNIQUE INDEX idx_messages_search_key ON messages(search_key);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;

-- No prefix index: measured, it nearly triples the index and does not help the common case (see
-- docs/schema.md); MessageSearch expands a word's prefix into the index's own terms instead.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content,
  content = 'messages',
  content_rowid = 'search_key',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The index's terms with each place they occur, read by MessageSearch to expand a prefix into the
-- terms it stands for (a table definition only: it stores nothing).
CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab(messages_fts, 'instance');

-- In key order: FTS5 writes a segment whenever a rowid is lower than the one before, so an unordered
-- fill (what 'rebuild' does, in row_id order) would take many times longer.
INSERT INTO messages_fts(rowid, content) SELECT search_key, content FROM messages ORDER BY search_key;

-- A new message gets the next free slot of its millisecond, then goes into the index.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  UPDATE messages SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM messages WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE row_id = new.row_id;
  INSERT INTO messages_fts(rowid, content) SELECT search_key, content FROM messages WHERE row_id = new.row_id;
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.search_key, old.content);
END;

-- Text changed (an edit, a delete for everyone), time unchanged: same key, new text.
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages
WHEN new.timestamp IS old.timestamp BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.search_key, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.search_key, new.content);
END;

-- Time changed (with or without the text): a new key in the new millisecond.
CREATE TRIGGER messages_fts_retime AFTER UPDATE OF timestamp ON messages
WHEN new.timestamp IS NOT old.timestamp BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.search_key, old.content);
  UPDATE messages SET search_key = NULL WHERE row_id = new.row_id;
  UPDATE messages SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM messages WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE row_id = new.row_id;
  INSERT INTO messages_fts(rowid, content) SELECT search_key, content FROM messages WHERE row_id = new.row_id;
END;
