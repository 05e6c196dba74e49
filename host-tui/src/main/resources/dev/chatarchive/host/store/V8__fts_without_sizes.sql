-- Version 8: the full-text index stops keeping each message's token count (FTS5 columnsize = 0,
-- docs/schema.md "Full-text index options (version 8)"). FTS5 kept it in messages_fts_docsize, a table
-- keyed by search key: one more B-tree insert per stored message, at a place given by the message's time,
-- for a figure only ranking (bm25) reads, and nothing here ranks by relevance (hits are ordered by time).
-- snippet() still works: without the table it counts the tokens of the text it is showing.
--
-- The index's terms and doclists do not depend on the option, so they are kept, not rebuilt: a new
-- index gets the old one's _data, _idx and _config rows (same rowids, same text), then takes its name,
-- as version 7 did. The triggers that feed the index name it, and a table a trigger names cannot be
-- renamed while the trigger stands, so they are dropped first and created again exactly as they were.

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_retime;

CREATE VIRTUAL TABLE messages_fts_v8 USING fts5(
  content,
  content = 'message_rows',
  content_rowid = 'search_key',
  tokenize = 'unicode61 remove_diacritics 2',
  columnsize = 0
);
DELETE FROM messages_fts_v8_data;
INSERT INTO messages_fts_v8_data SELECT * FROM messages_fts_data;
DELETE FROM messages_fts_v8_idx;
INSERT INTO messages_fts_v8_idx SELECT * FROM messages_fts_idx;
DELETE FROM messages_fts_v8_config;
INSERT INTO messages_fts_v8_config SELECT * FROM messages_fts_config;

DROP TABLE messages_fts_terms;
DROP TABLE messages_fts;
ALTER TABLE messages_fts_v8 RENAME TO messages_fts;
CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab(messages_fts, 'instance');

-- The full-text index follows the rows, exactly as version 7's triggers did.
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
