-- Version 9: the full-text index leaves the archive for a file of its own beside it (docs/schema.md,
-- "Search index file"). It is derived data: SearchIndex builds it from the rows and keeps it current on
-- a thread of its own, with a connection of its own, so the storing thread no longer tokenizes and
-- indexes every message inside its transaction (about 5 s of a 1,000,000-message import).
--
-- What stays here: the search key (the insert trigger still gives a row without one the next free slot
-- of its millisecond, the retime trigger a new one in its new millisecond, exactly as version 8 did,
-- without the index statements), and what the index needs to follow the rows: the archive's identity
-- (so an index file of another archive is never used) and a change log of what an insert does not
-- show: a row deleted, its text changed, its search key changed. Inserts are not logged: the indexer
-- finds new rows by row_id above the highest it has indexed.
--
-- The old index's data is not copied (a contentless index with deletes has another structure): it is
-- dropped, and the search file built from the rows in the background.

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_retime;
DROP TABLE messages_fts_terms;
DROP TABLE messages_fts;

-- A random id, made once: the search file records it, and one recording another is rebuilt.
CREATE TABLE archive_identity (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  id   TEXT    NOT NULL CHECK (length(id) > 0)
);
INSERT INTO archive_identity (only, id) VALUES (1, lower(hex(randomblob(16))));

-- What the index must undo or redo that new rows do not show. AUTOINCREMENT: seq never goes back, even
-- when the indexer has trimmed the entries it applied. floor: set when a delete took the highest row, so
-- that SQLite may number new rows from floor + 1 again; the indexer then treats rows above it as new.
CREATE TABLE search_changes (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  row_id  INTEGER NOT NULL,
  old_key INTEGER,
  floor   INTEGER
);

-- A message without a search key (raw inserts, tools) gets the next free slot of its millisecond, or
-- -2^62 + row_id, as version 8's insert trigger gave it.
CREATE TRIGGER message_rows_search_key_insert AFTER INSERT ON message_rows
WHEN new.search_key IS NULL BEGIN
  UPDATE message_rows SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM message_rows WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE row_id = new.row_id;
END;

-- Time changed: a new key in the new millisecond (the key change is logged by the trigger below).
CREATE TRIGGER message_rows_search_key_retime AFTER UPDATE OF timestamp ON message_rows
WHEN new.timestamp IS NOT old.timestamp BEGIN
  UPDATE message_rows SET search_key = NULL WHERE row_id = new.row_id;
  UPDATE message_rows SET search_key = (
    SELECT CASE
      WHEN new.timestamp <= 0 OR new.timestamp >= 8796093022208 THEN -4611686018427387904 + new.row_id
      WHEN max(search_key) IS NULL THEN new.timestamp * 1024
      WHEN max(search_key) < new.timestamp * 1024 + 1023 THEN max(search_key) + 1
      ELSE -4611686018427387904 + new.row_id END
    FROM message_rows WHERE search_key BETWEEN new.timestamp * 1024 AND new.timestamp * 1024 + 1023)
  WHERE row_id = new.row_id;
END;

CREATE TRIGGER search_changes_delete AFTER DELETE ON message_rows BEGIN
  INSERT INTO search_changes (row_id, old_key, floor)
  SELECT old.row_id, old.search_key, CASE WHEN old.row_id > top THEN top END
  FROM (SELECT coalesce(max(row_id), 0) AS top FROM message_rows);
END;

CREATE TRIGGER search_changes_content AFTER UPDATE OF content ON message_rows
WHEN new.content IS NOT old.content BEGIN
  INSERT INTO search_changes (row_id, old_key) VALUES (old.row_id, old.search_key);
END;

-- A key given to a row that had none (a new row's, in the insert trigger) is not a change: only a key
-- taken away or replaced is.
CREATE TRIGGER search_changes_key AFTER UPDATE OF search_key ON message_rows
WHEN old.search_key IS NOT NULL AND new.search_key IS NOT old.search_key BEGIN
  INSERT INTO search_changes (row_id, old_key) VALUES (old.row_id, old.search_key);
END;
