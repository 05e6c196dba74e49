// The JSON-lines protocol between the chat-archive plugin (Java) and this sidecar.
//
// One JSON object per '\n'-terminated UTF-8 line, in both directions; stdout carries nothing else
// (every log line goes to stderr). docs/whatsapp-live.md lists every message.
//
//   host -> sidecar   {"v":1,"id":"c7","cmd":"fetchHistory","args":{...}}
//   sidecar -> host   {"v":1,"id":"c7","ok":true,"data":{...}}
//                     {"v":1,"id":"c7","ok":false,"error":{"code":"TIMEOUT","message":"...","retryable":true}}
//                     {"v":1,"event":"qr","qr":"..."}            (unasked news)
//
// PROTOCOL_VERSION changes only when a message changes incompatibly; the host checks it in "hello".

import { createInterface } from 'node:readline';

export const PROTOCOL_VERSION = 1;

// A history event larger than this many messages is split over several lines, so no single line
// grows without bound (a pairing-time push can hold thousands of messages).
export const MAX_MESSAGES_PER_LINE = 200;
// ...and to about this many bytes of messages (raw records can hold thumbnails). The plugin refuses
// lines above 16 MiB; a page reply, which cannot be split, is kept under 4 MiB by dropping the
// largest raw records first.
export const MAX_EVENT_BYTES = 1024 * 1024;

export class ProtocolWriter {
  constructor(stream) {
    this.stream = stream;
  }

  reply(id, data) {
    this.#write({ v: PROTOCOL_VERSION, id, ok: true, data: data ?? {} });
  }

  fail(id, code, message, retryable) {
    this.#write({ v: PROTOCOL_VERSION, id, ok: false, error: { code, message, retryable: !!retryable } });
  }

  event(name, fields) {
    this.#write({ v: PROTOCOL_VERSION, event: name, ...fields });
  }

  #write(object) {
    this.stream.write(JSON.stringify(object) + '\n');
  }
}

/** Calls onCommand({id, cmd, args}) for each line; onBadLine(text, reason) for lines that are not commands. */
export function readCommands(stream, onCommand, onBadLine, onEnd) {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (text) => {
    if (text.trim() === '') {
      return;
    }
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      onBadLine(text, 'not JSON: ' + error.message);
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || typeof parsed.cmd !== 'string' || parsed.id === undefined) {
      onBadLine(text, 'a command needs "id" and "cmd"');
      return;
    }
    onCommand({ id: String(parsed.id), cmd: parsed.cmd, args: parsed.args ?? {} });
  });
  lines.on('close', onEnd);
}

/** A typed failure of a command: becomes {"ok":false,"error":{code,message,retryable}}. */
export class CommandError extends Error {
  constructor(code, message, retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}
