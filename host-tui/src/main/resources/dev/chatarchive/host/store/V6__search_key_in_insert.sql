-- Version 6: the store gives a message its search key in the INSERT itself (docs/schema.md, "Search
-- keys"), so the insert trigger no longer rewrites every new row with an UPDATE and reads it back for
-- the full-text index: it indexes the row's own key and text. The keys are the same as version 3's:
-- timestamp * 1024 + the next free slot of its millisecond, or -2^62 + row_id for a time that is not a
-- real time or a 1025th message of one millisecond. A row inserted without a key (raw inserts, tools,
-- a write path that does not compute one) still gets it here, exactly as version 3 gave it.
-- Existing rows and the index are left as they are: only the trigger changes.

DROP TRIGGER messages_fts_insert;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  UPDATE messages SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM messages WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE new.search_key IS NULL AND row_id = new.row_id;
  INSERT INTO messages_fts(rowid, content) SELECT new.search_key, new.content WHERE new.search_key IS NOT NULL;
  INSERT INTO messages_fts(rowid, content) SELECT search_key, content FROM messages
  WHERE new.search_key IS NULL AND row_id = new.row_id;
END;
