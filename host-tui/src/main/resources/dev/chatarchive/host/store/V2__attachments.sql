-- Version 2: attached files. See docs/schema.md ("Attachments").
-- The bytes live in the media store beside the archive (media/<2 hex>/<sha256>); these tables say
-- which files the archive holds and which message each belongs to.

-- One row per distinct file this archive stored, by the SHA-256 of its bytes.
CREATE TABLE media_files (
  sha256     TEXT    PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  size       INTEGER NOT NULL CHECK (size >= 0),
  created_at INTEGER NOT NULL
);

-- A message's attached file: its description as the source gave it, and the stored bytes once the
-- archive has them (sha256 NULL: described only, the bytes were not available).
CREATE TABLE attachments (
  message_row_id INTEGER PRIMARY KEY REFERENCES messages(row_id) ON DELETE CASCADE,
  file_name      TEXT    NOT NULL CHECK (length(file_name) > 0),
  mime_type      TEXT,
  size           INTEGER CHECK (size IS NULL OR size >= 0),
  sha256         TEXT    REFERENCES media_files(sha256),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
-- "Which messages use this file": deleting a chat keeps files other messages still use.
CREATE INDEX idx_attachments_sha256 ON attachments(sha256) WHERE sha256 IS NOT NULL;
