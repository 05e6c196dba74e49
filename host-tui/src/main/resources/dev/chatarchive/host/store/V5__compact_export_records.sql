-- Version 5: the raw_proto record of a WhatsApp export message keeps only what reproduces the
-- message's lines with the stored message (docs/schema.md, "Compact export records (version 5)";
-- docs/whatsapp-exports.md, "What is stored"): source, line, the header before the content when
-- the lines are exactly header + content (else raw, the lines), and the attachment fields. The
-- local time, author, system and edited flags the record repeated are in the message's own columns.
-- The update touches neither content nor timestamp, so the full-text index is left as it is.
-- A text with a NUL character keeps its raw lines (SQLite's length() stops at a NUL).
UPDATE messages SET raw_proto = CASE
    WHEN json_type(raw_proto, '$.raw') = 'text'
         AND instr(content, char(0)) = 0
         AND instr(json_extract(raw_proto, '$.raw'), char(0)) = 0
         AND length(json_extract(raw_proto, '$.raw')) >= length(content)
         AND substr(json_extract(raw_proto, '$.raw'),
                    length(json_extract(raw_proto, '$.raw')) - length(content) + 1) = content
    THEN json_remove(json_set(raw_proto, '$.header', substr(json_extract(raw_proto, '$.raw'), 1,
                    length(json_extract(raw_proto, '$.raw')) - length(content))),
                    '$.raw', '$.localTime', '$.author', '$.system', '$.edited')
    ELSE json_remove(raw_proto, '$.localTime', '$.author', '$.system', '$.edited')
  END
WHERE raw_proto LIKE '%"source":"whatsapp-export"%'
  AND json_valid(raw_proto)
  AND json_extract(raw_proto, '$.source') = 'whatsapp-export';
