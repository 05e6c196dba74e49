-- Version 4: merges are remembered. See docs/schema.md ("Merges (version 4)") and
-- docs/whatsapp-backups.md ("Merging an export chat into the real chat").

-- Each merge the user made with chat-archive merge FROM INTO (FROM = INTO: an export imported under
-- the real chat's id, de-duplicated in place). Kept after FROM's chat row is gone, so that a later
-- import or sync of FROM's source is merged into INTO again instead of bringing FROM back. A chat
-- merged into a chat that is later merged on points at the last one.
CREATE TABLE chat_merges (
  from_chat  TEXT    PRIMARY KEY CHECK (length(from_chat) > 0),
  into_chat  TEXT    NOT NULL CHECK (length(into_chat) > 0),
  merged_at  INTEGER NOT NULL
);
CREATE INDEX idx_chat_merges_into ON chat_merges(into_chat);

-- The ids of FROM's messages that a merge took care of: dropped because INTO already held them, or
-- moved to INTO. Storing one of them under FROM again is skipped (MessageStore.insertIfAbsent), so
-- importing the same export again adds nothing.
CREATE TABLE merged_messages (
  chat_jid   TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (chat_jid, message_id)
) WITHOUT ROWID;
