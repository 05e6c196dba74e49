// A stand-in for WhatsApp and the user's phone, in place of Baileys' network socket: the one boundary
// the tests replace. Everything between the phone and the sidecar is the installed Baileys
// 7.0.0-rc14 itself, used as its socket uses it:
//
// - history (the pairing-time push, FULL pushes, on-demand answers) is a real proto.HistorySync,
//   encoded, deflated and, except for the inline bootstrap payload, AES-encrypted with keys from
//   Baileys' getMediaKeys and served at https://mmg.whatsapp.net<directPath> (this module answers
//   the global fetch for that host only, as WhatsApp's media server would);
// - the phone's notification is a proto.WebMessageInfo (a protocolMessage HISTORY_SYNC_NOTIFICATION
//   from our own device, with peerDataRequestSessionId) handed to a buffered upsertMessage built as
//   Socket/chats.js builds it: ev.createBufferedFunction on Baileys' makeEventBuffer, emitting
//   "messages.upsert" and running Baileys' own processMessage, which downloads the blob, runs
//   processHistoryMessage, stores LID mappings in Baileys' LIDMappingStore and emits
//   "messaging-history.set" through the buffer (with its per-socket memory of what it emitted);
// - live messages are decoded-message shapes with remoteJidAlt / participantAlt, through the same
//   upsertMessage;
// - disconnects are Boom-shaped errors with the status codes socket.js gives (network errors mapped
//   by Baileys' own getCodeFromWSError).
//
// The phone answers like WhatsApp does as far as this project could learn it (docs/whatsapp-live.md
// says what is verified and what only a real phone can confirm): at most 'count' messages strictly
// older than the anchor, newest first, keyed by the chat form WhatsApp keeps the chat under; only to
// a request that names that form and an anchor it holds (else silence); an end marker on the
// conversation: 1 when the oldest message is in the answer, 2 when the rest is only on the phone,
// 0 otherwise.
//
// Config (--socket-config, JSON); every field is optional:
// {
//   "me": "15550000001:2@s.whatsapp.net",   the account's own JID
//   "paired": true,                          start already paired (else pair by QR or code)
//   "qr": {"codes": ["Q1","Q2"], "intervalMs": 20, "scanAfter": 2},  scanAfter: the user scans the Nth code
//   "pairingCode": {"code": "ABCD1234", "acceptAfterMs": 20},
//   "replyDelayMs": 5, "openDelayMs": 5,
//   "pushOnFirstConnect": {"messagesPerChat": 3},   an INITIAL_BOOTSTRAP push (inline payload)
//   "lidStoreKnowsPairs": true,              Baileys' LID store starts out knowing every chat's pair
//   "rawNotifications": true,                false: the notification itself is not emitted as
//                                            messages.upsert (only Baileys' filtered history event)
//   "blobDownloads": 0,                      >0: each blob can be downloaded that many times only
//   "minimumVersion": "2.3000.1",            sockets announcing an older WhatsApp Web version get 405
//   "latestVersion": "2.3000.5",             what a version lookup finds (else: none found)
//   "unreachable": {"sockets": 2, "code": "ENOTFOUND"},  the first N sockets find no route
//   "dropUnpairedAfterMs": 60,              the first socket of an unpaired link drops (428) after that long
//   "journal": "/tmp/requests.jsonl",         one line per request, for the tests to read
//   "chats": [{"jid": "...@s.whatsapp.net", "lid": "...@lid", "name": "Alice", "count": 120,
//              "firstTimestamp": 1600000000, "stepSeconds": 60, "group": false, "idPrefix": "M",
//              "perSecond": 1,            messages sharing each timestamp (the phone keeps their order),
//              "participants": [{"jid": "...@s.whatsapp.net", "lid": "...@lid"}] or ["...@s.whatsapp.net"],
//              "addressing": "pn"|"lid",  the form WhatsApp keys the chat under (default pn); the
//                                         phone answers only requests naming it
//              "replyKeyedBy": "lid"|"pn", answers keyed by this form whatever the request said
//              "onPhoneOnlyBefore": 40,   messages below this index are only on the phone (type 2)
//              "longTimestamps": false, "timestampUnit": "seconds"}],
//   "afterOpen": [{"event": "messages.upsert", "data": {...}}],  raw socket events once open
//   "liveAfterOpen": [{"chat": "<jid>", "id": "L1", "text": "hi", "timestamp": 1700000000,
//                      "fromMe": false, "participant": "<jid>"}],  live messages, keyed as WhatsApp keys the chat
//   "script": {"3": {"action": "silent"}}    what the phone does with the Nth request of this process:
//              normal | split | empty | silent | late | disconnect | logout, plus
//              "keyedBy": "lid"|"pn", "sessionId": false, "endMarker": false, "code": 428, "lateMs": 300,
//              "withOtherChat": "<jid>" (that chat's three newest messages ride in the same answer),
//              "bareIds": true (the answer's conversation names no pnJid/lidJid),
//              "pushFull": {"count": 30, "leadMs": 300} (a FULL push of the 30 messages below the
//              anchor is processed first, the answer leadMs later; under 100 ms Baileys merges the two)
// }
// Auth state: the sidecar's own atomic store (src/auth-state.js) in the auth folder, so a paired
// stand-in stays paired across sidecar restarts, and Baileys' LID store persists with it.

import { appendFileSync } from 'node:fs';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import * as baileys from '@whiskeysockets/baileys';
import processMessage from '@whiskeysockets/baileys/lib/Utils/process-message.js';
import { LIDMappingStore } from '@whiskeysockets/baileys/lib/Signal/lid-mapping.js';
import { useAtomicAuthState } from '../src/auth-state.js';

const { proto } = baileys;
const HISTORY_HOST = 'https://mmg.whatsapp.net';
const NOTIFICATION = proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION;
const SYNC = proto.HistorySync.HistorySyncType;

/** Stands in for protobufjs' Long in hand-written events. */
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

function boom(statusCode, message, data) {
  const error = new Error(message);
  error.output = { statusCode, payload: { statusCode, message } };
  error.isBoom = true;
  if (data !== undefined) error.data = data;
  return error;
}

export function messageId(chat, index) {
  return `${chat.idPrefix ?? 'M'}${String(index).padStart(6, '0')}`;
}

export function messageTimestamp(chat, index) {
  return (chat.firstTimestamp ?? 1_600_000_000) + Math.floor(index / (chat.perSecond ?? 1)) * (chat.stepSeconds ?? 60);
}

function participantOf(chat, index) {
  const list = chat.participants ?? [];
  if (!list.length) return undefined;
  const entry = list[index % list.length];
  return typeof entry === 'string' ? { jid: entry } : entry;
}

/** The form WhatsApp keys a chat (or a participant) under. */
function keyedForm(entry) {
  return entry.addressing === 'lid' && entry.lid ? entry.lid : entry.jid;
}

/** The index-th message of a chat (0 is the oldest), as a plain WebMessageInfo, keyed under remoteJid. */
export function buildMessage(chat, index, remoteJid) {
  const fromMe = index % 4 === 1;
  const text = `message ${index} of ${chat.name ?? chat.jid}`;
  const kinds = [
    () => ({ conversation: text }),
    () => ({ extendedTextMessage: { text } }),
    () => ({ imageMessage: { caption: text, mimetype: 'image/jpeg', mediaKey: new Uint8Array([1, 2, 3]) } }),
    () => ({ ephemeralMessage: { message: { conversation: text } } }),
    () => ({ pollCreationMessageV3: { name: text, options: [{ optionName: 'yes' }, { optionName: 'no' }] } }),
    () => ({ locationMessage: { name: text, degreesLatitude: 52.37, degreesLongitude: 4.89 } }),
  ];
  const key = { remoteJid, fromMe, id: messageId(chat, index) };
  const participant = chat.group && !fromMe ? participantOf(chat, index) : undefined;
  if (participant) {
    key.participant = keyedForm(participant);
  }
  return {
    key,
    messageTimestamp: messageTimestamp(chat, index),
    pushName: fromMe ? undefined : `${chat.name ?? 'Someone'} (sender)`,
    message: kinds[index % kinds.length](),
  };
}

function journalOf(config) {
  return (entry) => {
    if (config.journal) appendFileSync(config.journal, JSON.stringify({ at: Date.now(), ...entry }) + '\n');
  };
}

/** WhatsApp's media server for history blobs: answers the global fetch for its host only. */
class HistoryBlobs {
  #blobs = new Map();
  #next = 0;

  constructor(config, journal) {
    this.config = config;
    this.journal = journal;
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
      const text = String(url?.url ?? url);
      if (!text.startsWith(HISTORY_HOST + '/')) return realFetch(url, init);
      const path = new URL(text).pathname;
      const blob = this.#blobs.get(path);
      this.journal({ download: path, found: !!blob && blob.left !== 0 });
      if (!blob || blob.left === 0) return new Response('gone', { status: 404, statusText: 'Not Found' });
      if (blob.left > 0) blob.left--;
      return new Response(blob.bytes);
    };
  }

  /** Encrypts a deflated HistorySync as WhatsApp does for md-msg-hist and returns the notification fields. */
  async put(plain) {
    const mediaKey = randomBytes(32);
    const { iv, cipherKey, macKey } = await baileys.getMediaKeys(mediaKey, 'md-msg-hist');
    const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    const mac = createHmac('sha256', macKey).update(iv).update(encrypted).digest().subarray(0, 10);
    const bytes = Buffer.concat([encrypted, mac]);
    const directPath = `/v/t62.hist-fake/${++this.#next}-${mediaKey.toString('hex').slice(0, 8)}`;
    const limit = this.config.blobDownloads ?? 0;
    this.#blobs.set(directPath, { bytes, left: limit > 0 ? limit : -1 });
    return {
      directPath,
      mediaKey,
      fileSha256: createHash('sha256').update(plain).digest(),
      fileEncSha256: createHash('sha256').update(bytes).digest(),
      fileLength: plain.length,
    };
  }
}

class Phone {
  constructor(config, log) {
    this.config = config;
    this.log = log;
    this.requests = 0;
    this.sockets = 0;
    this.notifications = 0;
    this.journal = journalOf(config);
    this.blobs = new HistoryBlobs(config, this.journal);
  }

  chatFor(jid) {
    return (this.config.chats ?? []).find((chat) => chat.jid === jid || chat.lid === jid);
  }
}

const silentLogger = {
  level: 'silent',
  child() { return this; },
  trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {},
};

class FakeSocket {
  constructor(phone, options) {
    this.phone = phone;
    this.config = phone.config;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.authState = options.auth;
    this.generation = ++phone.sockets;
    this.ended = false;
    this.timers = new Set();
    // Baileys' event buffer, and upsertMessage built on it as Socket/chats.js builds it.
    this.ev = baileys.makeEventBuffer(this.logger);
    this.ev.on('creds.update', (update) => Object.assign(this.authState.creds, update));
    // As socket.js: the key store gains transactions, and the LID store lives on it (persisted).
    this.keys = baileys.addTransactionCapability(this.authState.keys, this.logger,
      baileys.DEFAULT_CONNECTION_CONFIG.transactionOpts);
    this.signalRepository = { lidMapping: new LIDMappingStore(this.keys, this.logger) };
    this.upsertMessage = this.ev.createBufferedFunction(async (msg, type) => {
      const historyMsg = baileys.getHistoryMsg(msg.message);
      if (!historyMsg || this.config.rawNotifications !== false) {
        this.ev.emit('messages.upsert', { messages: [msg], type });
      }
      const shouldSync = this.options.shouldSyncHistoryMessage ?? baileys.DEFAULT_CONNECTION_CONFIG.shouldSyncHistoryMessage;
      const shouldProcessHistoryMsg = historyMsg
        ? shouldSync(historyMsg) && baileys.PROCESSABLE_HISTORY_TYPES.includes(historyMsg.syncType)
        : false;
      await processMessage(msg, {
        signalRepository: this.signalRepository,
        shouldProcessHistoryMsg,
        placeholderResendCache: undefined,
        ev: this.ev,
        creds: this.authState.creds,
        keyStore: this.keys,
        logger: this.logger,
        options: {},
        getMessage: async () => undefined,
      });
    });
    this.#later(0, () => this.#start().catch((error) => this.logger.error({ err: error }, 'the stand-in phone failed')));
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

  // As socket.js's end(): the close is announced, then the buffer (and its memory) is destroyed.
  #close(error) {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.#update({ connection: 'close', lastDisconnect: { error, date: new Date() } });
    this.ev.destroy();
  }

  #me() {
    return this.config.me ?? '15550000001:2@s.whatsapp.net';
  }

  async #start() {
    const unreachable = this.config.unreachable;
    if (unreachable && this.generation <= (unreachable.sockets ?? 1)) {
      const cause = Object.assign(new Error(`getaddrinfo ${unreachable.code ?? 'ENOTFOUND'} web.whatsapp.com`),
        { code: unreachable.code ?? 'ENOTFOUND' });
      this.#later(5, () => this.#close(boom(baileys.getCodeFromWSError(cause), `WebSocket Error (${cause.message})`, cause)));
      return;
    }
    this.#update({ connection: 'connecting' });
    const minimum = this.config.minimumVersion?.split('.').map(Number);
    const announced = this.options.version ?? baileys.DEFAULT_CONNECTION_CONFIG.version;
    this.phone.journal({ socket: this.generation, version: announced.join('.') });
    if (minimum && compareVersions(announced, minimum) < 0) {
      this.#later(5, () => this.#close(boom(405, 'Connection Failure', { reason: '405' })));
      return;
    }
    if (this.authState.creds.registered) {
      if (!this.authState.creds.me) {
        this.authState.creds.me = { id: this.#me() };
      }
      if (this.config.lidStoreKnowsPairs !== false) {
        const pairs = (this.config.chats ?? []).filter((chat) => chat.lid && chat.jid).map((chat) => ({ lid: chat.lid, pn: chat.jid }));
        await this.signalRepository.lidMapping.storeLIDPNMappings(pairs);
      }
      this.#later(this.config.openDelayMs ?? 5, () => this.#open());
      return;
    }
    const qr = this.config.qr ?? {};
    const codes = qr.codes ?? ['fake-qr-1', 'fake-qr-2', 'fake-qr-3'];
    codes.forEach((code, index) => {
      this.#later((qr.intervalMs ?? 20) * index, () => {
        // Once the user has scanned a code (or is entering a pairing code) the phone shows no new one,
        // however late the pairing's own timers run on a loaded machine: decided by event, not by time.
        if (this.authState.creds.registered || this.#pairingUnderWay()) return;
        this.#update({ qr: code });
        if (qr.scanAfter === index + 1) {
          this.scanned = true;
          this.#later(5, () => this.#pairSucceeded());
        }
      });
    });
    this.#later((qr.intervalMs ?? 20) * codes.length + 10, () => {
      if (!this.authState.creds.registered && !this.#pairingUnderWay()) this.#close(boom(408, 'QR refs attempts ended'));
    });
    if (this.config.dropUnpairedAfterMs && this.generation === 1) {
      this.#later(this.config.dropUnpairedAfterMs, () => {
        if (!this.authState.creds.registered) this.#close(boom(428, 'Connection Closed'));
      });
    }
  }

  /** The user scanned a code, or asked for a pairing code that they will enter: the link is being made. */
  #pairingUnderWay() {
    return this.scanned || this.codeBeingEntered;
  }

  #pairSucceeded() {
    this.ev.emit('creds.update', { registered: true, me: { id: this.#me() } });
    this.#update({ isNewLogin: true });
    this.#later(5, () => this.#close(boom(515, 'Stream Errored (restart required)')));
  }

  #open() {
    this.#update({ connection: 'open' });
    (this.config.afterOpen ?? []).forEach((item, index) => {
      this.#later(10 + index, () => this.ev.emit(item.event, item.data));
    });
    (this.config.liveAfterOpen ?? []).forEach((item, index) => {
      this.#later(10 + index, () => this.#deliverLive(item));
    });
    const push = this.config.pushOnFirstConnect;
    if (push && !this.authState.creds.pushed) {
      this.ev.emit('creds.update', { pushed: true });
      const conversations = [];
      for (const chat of this.config.chats ?? []) {
        const count = chat.count ?? 0;
        const lowest = Math.max(0, count - (push.messagesPerChat ?? 3));
        const messages = [];
        for (let index = count - 1; index >= lowest; index--) {
          messages.push(buildMessage(chat, index, keyedForm(chat)));
        }
        conversations.push(this.#conversation(chat, messages, lowest === 0 ? 1 : 0,
          count ? messageTimestamp(chat, count - 1) : undefined));
      }
      this.#later(5, () => this.#notify({ syncType: SYNC.INITIAL_BOOTSTRAP, conversations, progress: 100 }, { inline: true })
        .catch((error) => this.logger.error({ err: error }, 'the pairing push failed')));
    }
  }

  #conversation(chat, messages, endType, conversationTimestamp, bareIds = false) {
    const conversation = {
      id: keyedForm(chat),
      name: chat.name,
      messages: messages.map((message, index) => ({ message, msgOrderId: index + 1 })),
    };
    if (chat.lid && chat.jid && !bareIds) {
      if (conversation.id === chat.lid) conversation.pnJid = chat.jid;
      else conversation.lidJid = chat.lid;
    }
    if (endType !== undefined && endType !== null) conversation.endOfHistoryTransferType = endType;
    if (conversationTimestamp) conversation.conversationTimestamp = conversationTimestamp;
    return conversation;
  }

  /** Sends a HistorySync to our device as WhatsApp does: a notification, with the blob on the media server. */
  async #notify(historySync, { inline = false, sessionId } = {}) {
    const plain = deflateSync(proto.HistorySync.encode(historySync).finish());
    const notification = { syncType: historySync.syncType, progress: historySync.progress, chunkOrder: 1 };
    if (inline) {
      notification.initialHistBootstrapInlinePayload = plain;
    } else {
      Object.assign(notification, await this.phone.blobs.put(plain));
    }
    if (sessionId) notification.peerDataRequestSessionId = sessionId;
    const own = baileys.jidNormalizedUser(this.#me());
    const encoded = proto.WebMessageInfo.encode({
      key: { remoteJid: own, fromMe: true, id: `HSN${this.generation}${String(++this.phone.notifications).padStart(6, '0')}` },
      messageTimestamp: Math.floor(Date.now() / 1000),
      message: { protocolMessage: { type: NOTIFICATION, historySyncNotification: notification } },
    }).finish();
    const message = proto.WebMessageInfo.decode(encoded);
    message.category = 'peer';
    if (!this.ended) await this.upsertMessage(message, 'notify');
  }

  async #deliverLive(item) {
    const chat = this.phone.chatFor(item.chat) ?? { jid: item.chat };
    const form = keyedForm(chat);
    const key = { remoteJid: form, fromMe: !!item.fromMe, id: item.id };
    if (!form.endsWith('@g.us')) {
      const alt = form === chat.lid ? chat.jid : chat.lid;
      if (alt) key.remoteJidAlt = alt;
      key.addressingMode = form === chat.lid ? 'lid' : 'pn';
    } else if (item.participant) {
      const participant = (chat.participants ?? []).map((p) => (typeof p === 'string' ? { jid: p } : p))
        .find((p) => p.jid === item.participant || p.lid === item.participant) ?? { jid: item.participant };
      key.participant = keyedForm(participant);
      const alt = key.participant === participant.lid ? participant.jid : participant.lid;
      if (alt) key.participantAlt = alt;
      key.addressingMode = key.participant === participant.lid ? 'lid' : 'pn';
    }
    await this.upsertMessage({
      key,
      messageTimestamp: item.timestamp ?? Math.floor(Date.now() / 1000),
      pushName: item.fromMe ? undefined : item.pushName ?? 'Someone',
      message: { conversation: item.text ?? '' },
    }, 'notify');
  }

  async requestPairingCode(phone) {
    const pairing = this.config.pairingCode ?? {};
    this.phone.journal({ socket: this.generation, pairingCodeFor: phone });
    if (pairing.acceptAfterMs !== undefined) {
      this.codeBeingEntered = true;
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
    const sessionId = `3EB0${String(this.generation).padStart(2, '0')}${String(n).padStart(6, '0')}`;
    const chat = this.phone.chatFor(key.remoteJid);
    const anchorIndex = chat ? Array.from({ length: chat.count }, (_, i) => i).findIndex((i) => messageId(chat, i) === key.id) : -1;
    const unit = chat?.timestampUnit ?? 'seconds';
    const expected = anchorIndex >= 0 ? messageTimestamp(chat, anchorIndex) * (unit === 'milliseconds' ? 1000 : 1) : undefined;
    const timestampNumber = typeof timestamp === 'object' ? timestamp.toNumber() : Number(timestamp);
    const rightForm = !!chat && key.remoteJid === keyedForm(chat);
    const understood = anchorIndex >= 0 && rightForm && timestampNumber === expected && key.fromMe === (anchorIndex % 4 === 1);
    this.phone.journal({ n, socket: this.generation, sessionId, chat: key.remoteJid, anchorId: key.id, fromMe: key.fromMe,
      timestamp: timestampNumber, count, action: step.action, understood });
    if (!understood || step.action === 'silent') {
      return sessionId; // a real phone that cannot place the request says nothing at all
    }
    if (step.action === 'disconnect') {
      this.#later(this.config.replyDelayMs ?? 5, () => this.#close(boom(step.code ?? 428, 'Connection Closed')));
      return sessionId;
    }
    if (step.action === 'logout') {
      this.#later(this.config.replyDelayMs ?? 5, () => {
        this.authState.creds.registered = false;
        this.#close(boom(401, 'Connection Failure'));
      });
      return sessionId;
    }
    const replyJid = (step.keyedBy ?? chat.replyKeyedBy) === 'lid' ? chat.lid
      : (step.keyedBy ?? chat.replyKeyedBy) === 'pn' ? chat.jid : keyedForm(chat);
    const floor = chat.onPhoneOnlyBefore ?? 0;
    const from = Math.max(floor, anchorIndex - Math.min(count, 50));
    const messages = [];
    if (step.action !== 'empty') {
      for (let index = anchorIndex - 1; index >= from; index--) messages.push(buildMessage(chat, index, replyJid));
    }
    const endType = from === 0 ? 1 : from === floor && floor > 0 ? 2 : 0;
    const others = [];
    if (step.withOtherChat) {
      const other = this.phone.chatFor(step.withOtherChat);
      const otherMessages = [];
      for (let index = other.count - 1; index >= Math.max(0, other.count - 3); index--) {
        otherMessages.push(buildMessage(other, index, keyedForm(other)));
      }
      others.push(this.#conversation(other, otherMessages, 0));
    }
    const answer = (part, marker) => ({
      syncType: SYNC.ON_DEMAND,
      conversations: [this.#conversation({ ...chat, addressing: replyJid === chat.lid ? 'lid' : 'pn' }, part,
        marker && step.endMarker !== false ? endType : undefined, undefined, !!step.bareIds), ...others],
    });
    const send = (historySync) => this.#notify(historySync, { sessionId: step.sessionId === false ? undefined : sessionId })
      .catch((error) => this.logger.error({ err: error }, 'the stand-in phone could not answer'));
    const delay = step.action === 'late' ? (step.lateMs ?? 300) : (this.config.replyDelayMs ?? 5);
    if (step.pushFull) {
      // A FULL push (the phone's own background transfer) lands first, holding messages this
      // request is about to ask for: Baileys' buffer remembers them, and the chat.
      const pushed = [];
      for (let index = anchorIndex - 1; index >= Math.max(0, anchorIndex - (step.pushFull.count ?? 30)); index--) {
        pushed.push(buildMessage(chat, index, keyedForm(chat)));
      }
      // The answer follows once Baileys has processed the push and flushed its buffer (it flushes
      // 100 ms after a buffered function ends), unless leadMs is small enough for the two to merge.
      const lead = step.pushFull.leadMs ?? 300;
      this.#later(0, () => this.#notify({ syncType: SYNC.FULL, conversations: [this.#conversation(chat, pushed, 0)],
        chunkOrder: 1, progress: 50 }).then(() => this.#later(lead, () => this.#answer(step, messages, answer, send, delay)),
        () => {}));
      return sessionId;
    }
    this.#answer(step, messages, answer, send, delay);
    return sessionId;
  }

  #answer(step, messages, answer, send, delay) {
    if (step.action === 'split') {
      const half = Math.ceil(messages.length / 2);
      this.#later(delay, () => send(answer(messages.slice(0, half), false)));
      this.#later(delay + (step.gapMs ?? 20), () => send(answer(messages.slice(half), true)));
    } else {
      this.#later(delay, () => send(answer(messages, true)));
    }
  }

  async logout() {
    this.authState.creds.registered = false;
    this.#close(boom(401, 'Intentional Logout'));
  }

  end(error) {
    this.#close(error ?? boom(428, 'Connection Closed'));
  }
}

function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  }
  return 0;
}

export async function createSocketModule({ config = {}, log } = {}) {
  const phone = new Phone(config, log);
  return {
    name: 'fake-phone',
    version: 'simulated',
    baileys,
    async useAuthState(authDir) {
      const auth = await useAtomicAuthState(authDir, baileys, log);
      if (config.paired && !auth.state.creds.registered) {
        auth.state.creds.registered = true;
        auth.state.creds.me = { id: config.me ?? '15550000001:2@s.whatsapp.net' };
      }
      return auth;
    },
    async latestVersion() {
      // Like the real module: what the lookup finds, else the version built into Baileys.
      const found = config.latestVersion?.split('.').map(Number);
      return found ? { version: found, source: 'stand-in lookup' }
        : { version: baileys.DEFAULT_CONNECTION_CONFIG.version, source: 'built-in' };
    },
    makeSocket: (options) => new FakeSocket(phone, options),
  };
}
