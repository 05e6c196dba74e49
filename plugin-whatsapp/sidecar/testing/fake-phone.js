// A simulated phone in place of Baileys: the one boundary the tests replace. It has the shape of
// the real socket module (src/baileys-socket.js) and plays the part of WhatsApp and the user's phone:
// QR codes that rotate, pairing, a pairing-time push of recent history, and on-demand history pages
// older than an anchor, answered the way the research found real phones answer (newest first, at
// most 'count', an end marker on the chat, sometimes under the chat's LID, sometimes in two chunks,
// sometimes not at all).
//
// It is driven by a JSON config (--socket-config):
// {
//   "me": "15550000001:2@s.whatsapp.net",   the account's own JID
//   "paired": true,                          start already paired (else pair by QR or code)
//   "qr": {"codes": ["Q1","Q2"], "intervalMs": 20, "scanAfter": 2},  scanAfter: the user scans the Nth code
//   "pairingCode": {"code": "ABCD1234", "acceptAfterMs": 20},
//   "replyDelayMs": 5,
//   "openDelayMs": 5,                        how long a paired device takes to connect
//   "pushOnFirstConnect": {"messagesPerChat": 3},
//   "lidStoreKnowsPairs": true,              whether signalRepository.lidMapping knows each chat's LID
//   "journal": "/tmp/requests.jsonl",         one line per history request, for the tests to read
//   "chats": [{"jid": "...@s.whatsapp.net", "lid": "...@lid", "name": "Alice", "count": 120,
//              "firstTimestamp": 1600000000, "stepSeconds": 60, "group": false,
//              "participants": ["...@s.whatsapp.net"], "longTimestamps": false, "timestampUnit": "seconds"}],
//   "afterOpen": [{"event": "messages.upsert", "data": {...}}],  raw socket events to emit once open
//   "script": {"3": {"action": "silent"}}    what the phone does for the Nth request of this process:
//              normal | split | empty | silent | late | disconnect | logout, plus
//              "keyedBy": "lid"|"pn", "sessionId": false, "endMarker": false, "code": 428, "lateMs": 300,
//              "withOtherChat": "<jid>" (three of that chat's messages ride in the same event)
// }
// Auth state lives in <authDir>/creds.json, so a paired fake stays paired across sidecar restarts.

import { EventEmitter } from 'node:events';
import { appendFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Stands in for protobufjs' Long: what Baileys hands out for 64-bit fields. */
export class FakeLong {
  constructor(value) {
    this.low = value % 4294967296 | 0;
    this.high = Math.floor(value / 4294967296);
    this.unsigned = false;
  }

  toNumber() {
    return this.high * 4294967296 + (this.low >>> 0);
  }
}

function boom(statusCode, message) {
  const error = new Error(message);
  error.output = { statusCode };
  return error;
}

export function messageId(chat, index) {
  return `${chat.idPrefix ?? 'M'}${String(index).padStart(6, '0')}`;
}

export function messageTimestamp(chat, index) {
  return (chat.firstTimestamp ?? 1_600_000_000) + index * (chat.stepSeconds ?? 60);
}

/** The index-th message of a chat (0 is the oldest), in WAMessage shape, keyed under remoteJid. */
export function buildMessage(chat, index, remoteJid) {
  const fromMe = index % 4 === 1;
  const group = !!chat.group;
  const participants = chat.participants ?? [];
  const text = `message ${index} of ${chat.name ?? chat.jid}`;
  const kinds = [
    () => ({ conversation: text }),
    () => ({ extendedTextMessage: { text } }),
    () => ({ imageMessage: { caption: text, mimetype: 'image/jpeg', mediaKey: new Uint8Array([1, 2, 3]) } }),
    () => ({ ephemeralMessage: { message: { conversation: text } } }),
    () => ({ pollCreationMessageV3: { name: text, options: [{ optionName: 'yes' }, { optionName: 'no' }] } }),
    () => ({ locationMessage: { name: text, degreesLatitude: 52.37, degreesLongitude: 4.89 } }),
  ];
  const seconds = messageTimestamp(chat, index);
  const key = { remoteJid, fromMe, id: messageId(chat, index) };
  if (group && !fromMe && participants.length) {
    key.participant = participants[index % participants.length];
  }
  return {
    key,
    messageTimestamp: chat.longTimestamps ? new FakeLong(seconds) : seconds,
    pushName: fromMe ? undefined : `${chat.name ?? 'Someone'} (sender)`,
    message: kinds[index % kinds.length](),
  };
}

class Phone {
  constructor(config) {
    this.config = config;
    this.requests = 0;
    this.sockets = 0;
  }

  chatFor(jid) {
    return (this.config.chats ?? []).find((chat) => chat.jid === jid || chat.lid === jid);
  }

  journal(entry) {
    if (this.config.journal) {
      appendFileSync(this.config.journal, JSON.stringify({ at: Date.now(), ...entry }) + '\n');
    }
  }
}

class FakeSocket {
  constructor(phone, options) {
    this.phone = phone;
    this.config = phone.config;
    this.authState = options.auth;
    this.ev = new EventEmitter();
    this.generation = ++phone.sockets;
    this.ended = false;
    this.timers = new Set();
    const chats = this.config.chats ?? [];
    const knows = this.config.lidStoreKnowsPairs !== false;
    this.signalRepository = {
      lidMapping: {
        getLIDForPN: async (pn) => (knows ? chats.find((chat) => chat.jid === pn)?.lid ?? null : null),
        getPNForLID: async (lid) => (knows ? chats.find((chat) => chat.lid === lid)?.jid ?? null : null),
      },
    };
    this.#later(0, () => this.#start());
  }

  #later(ms, action) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.ended) action();
    }, ms);
    this.timers.add(timer);
  }

  #update(update) {
    this.ev.emit('connection.update', update);
  }

  #close(code, message) {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.#update({ connection: 'close', lastDisconnect: { error: boom(code, message), date: new Date() } });
  }

  #start() {
    this.#update({ connection: 'connecting' });
    if (this.authState.creds.registered) {
      this.#later(this.config.openDelayMs ?? 5, () => this.#open(false));
      return;
    }
    const qr = this.config.qr ?? {};
    const codes = qr.codes ?? ['fake-qr-1', 'fake-qr-2', 'fake-qr-3'];
    codes.forEach((code, index) => {
      this.#later((qr.intervalMs ?? 20) * index, () => {
        if (this.authState.creds.registered) return;
        this.#update({ qr: code });
        if (qr.scanAfter === index + 1) {
          this.#later(5, () => this.#pairSucceeded());
        }
      });
    });
    this.#later((qr.intervalMs ?? 20) * codes.length + 10, () => {
      if (!this.authState.creds.registered) this.#close(408, 'QR refs attempts ended');
    });
  }

  #pairSucceeded() {
    this.authState.creds.registered = true;
    this.authState.creds.me = { id: this.config.me ?? '15550000001:2@s.whatsapp.net' };
    this.ev.emit('creds.update', { registered: true, me: this.authState.creds.me });
    this.#update({ isNewLogin: true });
    this.#later(5, () => this.#close(515, 'Stream Errored (restart required)'));
  }

  #open() {
    this.authState.creds.me ??= { id: this.config.me ?? '15550000001:2@s.whatsapp.net' };
    this.#update({ connection: 'open' });
    (this.config.afterOpen ?? []).forEach((item, index) => {
      this.#later(10 + index, () => this.ev.emit(item.event, item.data));
    });
    const push = this.config.pushOnFirstConnect;
    if (push && !this.authState.creds.pushed) {
      this.authState.creds.pushed = true;
      this.ev.emit('creds.update', { pushed: true });
      const messages = [];
      const chats = [];
      for (const chat of this.config.chats ?? []) {
        const count = chat.count ?? 0;
        for (let index = count - 1; index >= Math.max(0, count - (push.messagesPerChat ?? 3)); index--) {
          messages.push(buildMessage(chat, index, chat.jid));
        }
        chats.push({ id: chat.jid, name: chat.name, lidJid: chat.lid, pnJid: chat.jid,
          conversationTimestamp: count ? messageTimestamp(chat, count - 1) : undefined });
      }
      this.#later(5, () => this.ev.emit('messaging-history.set',
        { chats, contacts: [], messages, syncType: 0, isLatest: true, progress: 100 }));
    }
  }

  async requestPairingCode(phone) {
    const pairing = this.config.pairingCode ?? {};
    this.phone.journal({ pairingCodeFor: phone });
    if (pairing.acceptAfterMs !== undefined) {
      this.#later(pairing.acceptAfterMs, () => this.#pairSucceeded());
    }
    return pairing.code ?? 'FAKE1234';
  }

  async fetchMessageHistory(count, key, timestamp) {
    if (!this.authState.creds.me?.id) {
      throw boom(401, 'Not authenticated');
    }
    const n = ++this.phone.requests;
    const step = { action: 'normal', ...(this.config.script?.[String(n)] ?? {}) };
    const sessionId = `REQ${String(n).padStart(5, '0')}`;
    const chat = this.phone.chatFor(key.remoteJid);
    const anchorIndex = chat ? Array.from({ length: chat.count }, (_, i) => i).findIndex((i) => messageId(chat, i) === key.id) : -1;
    const unit = chat?.timestampUnit ?? 'seconds';
    const expected = anchorIndex >= 0 ? messageTimestamp(chat, anchorIndex) * (unit === 'milliseconds' ? 1000 : 1) : undefined;
    const timestampNumber = typeof timestamp === 'object' ? timestamp.toNumber() : Number(timestamp);
    const understood = anchorIndex >= 0 && timestampNumber === expected && key.fromMe === (anchorIndex % 4 === 1);
    this.phone.journal({ n, socket: this.generation, chat: key.remoteJid, anchorId: key.id, fromMe: key.fromMe,
      timestamp: timestampNumber, count, action: step.action, understood });
    if (!understood || step.action === 'silent') {
      return sessionId; // a real phone that cannot place the anchor says nothing at all
    }
    if (step.action === 'disconnect') {
      this.#later(this.config.replyDelayMs ?? 5, () => this.#close(step.code ?? 428, 'Connection Closed'));
      return sessionId;
    }
    if (step.action === 'logout') {
      this.#later(this.config.replyDelayMs ?? 5, () => {
        this.authState.creds.registered = false;
        this.#close(401, 'Connection Failure');
      });
      return sessionId;
    }
    const keyedBy = step.keyedBy ?? chat.replyKeyedBy ?? 'pn';
    const replyJid = keyedBy === 'lid' ? chat.lid : chat.jid;
    const from = Math.max(0, anchorIndex - Math.min(count, 50));
    const messages = [];
    if (step.action !== 'empty') {
      for (let index = anchorIndex - 1; index >= from; index--) messages.push(buildMessage(chat, index, replyJid));
    }
    if (step.withOtherChat) {
      // Baileys merges buffered history events: another chat's messages can ride in the same event.
      const other = this.phone.chatFor(step.withOtherChat);
      for (let index = other.count - 1; index >= Math.max(0, other.count - 3); index--) {
        messages.push(buildMessage(other, index, other.jid));
      }
    }
    const chatEntry = { id: replyJid };
    if (step.endMarker !== false) chatEntry.endOfHistoryTransferType = from === 0 ? 1 : 0;
    const event = (part, withChat) => ({
      chats: withChat ? [chatEntry] : [],
      contacts: [],
      messages: part,
      syncType: 6,
      peerDataRequestSessionId: step.sessionId === false ? undefined : sessionId,
    });
    const delay = step.action === 'late' ? (step.lateMs ?? 300) : (this.config.replyDelayMs ?? 5);
    if (step.action === 'split') {
      const half = Math.ceil(messages.length / 2);
      this.#later(delay, () => this.ev.emit('messaging-history.set', event(messages.slice(0, half), false)));
      this.#later(delay + (step.gapMs ?? 20), () => this.ev.emit('messaging-history.set', event(messages.slice(half), true)));
    } else {
      this.#later(delay, () => this.ev.emit('messaging-history.set', event(messages, true)));
    }
    return sessionId;
  }

  async logout() {
    this.authState.creds.registered = false;
    this.#close(401, 'Intentional Logout');
  }

  end(error) {
    this.#close(error?.output?.statusCode ?? 428, 'Connection Closed');
  }
}

export async function createSocketModule({ config }) {
  const phone = new Phone(config);
  return {
    name: 'fake-phone',
    version: 'simulated',
    async useAuthState(authDir) {
      await mkdir(authDir, { recursive: true });
      const file = join(authDir, 'creds.json');
      let creds;
      try {
        creds = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        creds = config.paired ? { registered: true, me: { id: config.me ?? '15550000001:2@s.whatsapp.net' } } : { registered: false };
      }
      return { state: { creds, keys: {} }, saveCreds: () => writeFile(file, JSON.stringify(creds)) };
    },
    makeSocket: (options) => new FakeSocket(phone, options),
  };
}
