// The sidecar's commands and events: ties the protocol to one Connection and its HistoryFetcher, and
// forwards what the socket reports (pushed history, live messages, revisions, chat names).

import { join } from 'node:path';
import { CommandError, MAX_MESSAGES_PER_LINE, MAX_EVENT_BYTES, PROTOCOL_VERSION } from './protocol.js';
import { Connection, parseVersion } from './connection.js';
import { HistoryFetcher, ON_DEMAND } from './history.js';
import { BOOK_FILE, JidBook, isLid, normalizeJid } from './jids.js';
import { classify, toEpochSeconds, unwrapContent, textOf } from './normalize.js';
import { loadHistoryNotifications } from './history-notifications.js';

export const SIDECAR_VERSION = '1.1.0';
export const MAX_PAGE = 50;

const SYNC_TYPES = ['initialBootstrap', 'initialStatusV3', 'full', 'recent', 'pushName', 'nonBlockingData', 'onDemand'];
// How long a decoded (or failing) notification is kept for the filtered event that follows it.
const RAW_KEPT_MS = 120_000;

const DEFAULTS = {
  pauseMs: 3000,
  requestTimeoutMs: 60_000,
  quietPeriodMs: 2000,
  timestampUnit: 'seconds',
  reconnectBaseMs: 2000,
  reconnectMaxMs: 60_000,
  versionLookupMs: 10_000,
};

export class Sidecar {
  #events = Promise.resolve();
  #raw = new Map();

  constructor({ socketModule, writer, log, exit }) {
    this.socketModule = socketModule;
    this.writer = writer;
    this.log = log;
    this.exit = exit;
    this.jids = new JidBook({ log });
    this.names = new Map();
    this.connection = new Connection({
      socketModule,
      log,
      handlers: {
        status: (fields) => writer.event('connection', this.#withVersion(fields)),
        qr: (qr, expiresInMs) => writer.event('qr', { qr, expiresInMs }),
        pairingCode: (code) => writer.event('pairingCode', { code }),
        closed: (loggedOut) => this.fetcher?.connectionLost(loggedOut),
        attach: (socket) => this.#attach(socket),
        forgotten: () => this.jids.forget(),
      },
    });
  }

  #withVersion(fields) {
    if (fields.state === 'open' || fields.state === 'outdated') {
      const version = this.connection.version();
      if (version && !fields.version) return { ...fields, version: version.version, versionSource: version.source };
    }
    return fields;
  }

  async handle({ id, cmd, args }) {
    try {
      const data = await this.#dispatch(cmd, args);
      this.writer.reply(id, data);
    } catch (error) {
      if (error instanceof CommandError) {
        this.writer.fail(id, error.code, error.message, error.retryable);
      } else {
        this.log.error({ err: error, cmd }, 'command failed');
        this.writer.fail(id, 'INTERNAL', `The sidecar failed on "${cmd}": ${error?.message ?? error}`, true);
      }
    }
    if (cmd === 'shutdown') {
      this.exit(0);
    }
  }

  /** Closes the link (not a logout) and waits until everything it was writing is on disk. */
  async shutdown() {
    await this.connection.close();
    await this.jids.flush();
  }

  async #dispatch(cmd, args) {
    switch (cmd) {
      case 'hello':
        return this.#hello(args);
      case 'connect':
        return this.#connect(args);
      case 'status':
        return { state: this.connection.state, me: this.connection.me(), version: this.connection.version()?.version };
      case 'fetchHistory':
        return this.#fetchHistory(args);
      case 'cancel':
        this.fetcher?.cancel(String(args.requestId));
        return {};
      case 'logout':
        await this.connection.logout();
        return {};
      case 'shutdown':
        await this.shutdown();
        return {};
      default:
        throw new CommandError('UNKNOWN_COMMAND', `The sidecar has no command "${cmd}".`, false);
    }
  }

  #hello(args) {
    if (args.protocol !== PROTOCOL_VERSION) {
      throw new CommandError('PROTOCOL_MISMATCH',
        `The plugin speaks protocol ${args.protocol} but this sidecar speaks ${PROTOCOL_VERSION}; reinstall the plugin.`, false);
    }
    return {
      protocol: PROTOCOL_VERSION,
      sidecar: SIDECAR_VERSION,
      socket: this.socketModule.name,
      baileys: this.socketModule.version,
      node: process.version,
    };
  }

  async #connect(args) {
    if (!args.authDir) {
      throw new CommandError('BAD_REQUEST', 'connect needs "authDir".', false);
    }
    const pairing = args.pairing ?? { mode: 'qr' };
    if (pairing.mode === 'code' && !/^\+?[\d\s-]{6,}$/.test(String(pairing.phone ?? ''))) {
      throw new CommandError('BAD_REQUEST',
        'Pairing by code needs the phone number with its country code, digits only (for example 31612345678).', false);
    }
    if (args.waVersion !== undefined && args.waVersion !== null && !parseVersion(args.waVersion)) {
      throw new CommandError('BAD_REQUEST',
        `waVersion must be a WhatsApp Web version such as 2.3000.1043857760, was "${args.waVersion}".`, false);
    }
    const settings = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS)) {
      if (args[key] !== undefined && args[key] !== null) settings[key] = args[key];
    }
    if (!['seconds', 'milliseconds'].includes(settings.timestampUnit)) {
      throw new CommandError('BAD_REQUEST', 'timestampUnit must be "seconds" or "milliseconds".', false);
    }
    this.settings = settings;
    this.jids = new JidBook({ file: join(args.authDir, BOOK_FILE), log: this.log.child({ component: 'jids' }) });
    this.fetcher = new HistoryFetcher({
      connection: this.connection,
      jids: this.jids,
      settings,
      log: this.log.child({ component: 'history' }),
      onUnsolicited: (messages, revisions) => this.#emitHistory('onDemand', messages, revisions, {}),
      onRevisions: (revisions) => this.#emitRevisions(revisions),
    });
    // A fetchHistory sent before this reply waits for the link to be set up.
    this.connecting = (async () => {
      this.notifications ??= await loadHistoryNotifications(this.log.child({ component: 'history-sync' }),
        this.socketModule.baileys);
      await this.jids.load();
      await this.connection.connect({ ...settings, authDir: args.authDir, pairing, waVersion: args.waVersion ?? undefined });
    })();
    await this.connecting;
    return { state: this.connection.state };
  }

  async #fetchHistory(args) {
    const { requestId, chat, anchor } = args;
    const count = args.count ?? MAX_PAGE;
    if (!this.fetcher) {
      throw new CommandError('NOT_CONNECTED', 'The sidecar was not told to connect yet.', true);
    }
    await this.connecting?.catch(() => {});
    if (!requestId || !chat) {
      throw new CommandError('BAD_REQUEST', 'fetchHistory needs "requestId" and "chat".', false);
    }
    if (!anchor?.id || typeof anchor.timestamp !== 'number') {
      throw new CommandError('NO_ANCHOR',
        `Chat ${chat} has no stored message to page back from; WhatsApp only sends history older than a message you already have.`, false);
    }
    if (!Number.isInteger(count) || count < 1 || count > MAX_PAGE) {
      throw new CommandError('BAD_REQUEST', `count must be 1..${MAX_PAGE}, was ${count}.`, false);
    }
    switch (this.connection.state) {
      case 'loggedOut':
        throw new CommandError('LOGGED_OUT', 'This device is logged out of WhatsApp; pair again.', false);
      case 'pairing':
      case 'pairingTimedOut':
        throw new CommandError('NOT_PAIRED', 'WhatsApp is not paired yet; pair this device first.', false);
      case 'authDamaged':
        throw new CommandError('AUTH_DAMAGED', 'The saved WhatsApp link is damaged; move its folder away and pair again.', false);
      case 'outdated':
        throw new CommandError('OUTDATED', 'WhatsApp refuses this WhatsApp Web version (405).', false);
      case 'unreachable':
        throw new CommandError('UNREACHABLE', 'WhatsApp cannot be reached from this computer right now.', true);
      default:
    }
    const request = { requestId: String(requestId), chat: this.jids.preferred(chat), anchor: { ...anchor }, count };
    const reply = await this.fetcher.fetch(request);
    return fitReply(reply);
  }

  #attach(socket) {
    const ev = socket.ev;
    ev.on('messaging-history.set', (event) => this.#serially('history', () => this.#onHistorySet(event, socket)));
    ev.on('messages.upsert', (event) => {
      // Registered at once, before anything queued runs: the filtered history event that Baileys
      // emits in the same flush looks here for the notification it came from.
      const others = this.#takeNotifications(event?.messages ?? []);
      this.#serially('messages', () => this.#onUpsert({ ...event, messages: others }, socket));
    });
    ev.on('messages.update', (updates) => this.#serially('update', () => this.#onUpdates(updates)));
    ev.on('messages.reaction', (reactions) => this.#serially('reaction', () => this.#onReactions(reactions)));
    ev.on('chats.upsert', (chats) => this.#serially('chats', () => this.#emitChats(chats)));
    ev.on('chats.update', (chats) => this.#serially('chats', () => this.#emitChats((chats ?? []).filter((chat) => chat.name))));
    ev.on('contacts.upsert', (contacts) => this.#serially('contacts', () => this.#learnContacts(contacts)));
    ev.on('contacts.update', (contacts) => this.#serially('contacts', () => this.#learnContacts(contacts)));
    ev.on('lid-mapping.update', (mapping) => this.#serially('lid', () => {
      for (const pair of [].concat(mapping ?? [])) this.jids.remember(pair.lid, pair.pn);
    }));
  }

  // Events are handled one after another, in the order the socket emitted them.
  #serially(what, action) {
    this.#events = this.#events.then(action).catch((error) => {
      this.log.error({ err: error }, `handling a ${what} event failed`);
      this.writer.event('error', { message: `The sidecar could not handle a ${what} event: ${error?.message ?? error}` });
    });
  }

  /** Starts decoding every ON_DEMAND notification among messages; returns the other messages. */
  #takeNotifications(messages) {
    const others = [];
    for (const raw of messages) {
      const notification = this.notifications?.notificationOf(raw?.message);
      if (!notification) {
        others.push(raw);
        continue;
      }
      if (Number(notification.syncType) !== ON_DEMAND) {
        continue; // pushes (bootstrap, recent, full...) arrive whole in messaging-history.set
      }
      const sessionId = notification.peerDataRequestSessionId || undefined;
      const decoding = this.notifications.decode(notification);
      decoding.catch(() => {});
      const entry = { decoding };
      const key = sessionId ?? `no-session-${raw?.key?.id}`;
      this.#raw.set(key, entry);
      setTimeout(() => { if (this.#raw.get(key) === entry) this.#raw.delete(key); }, RAW_KEPT_MS).unref?.();
      this.#serially('history answer', () => this.#onRawAnswer(sessionId, decoding));
    }
    return others;
  }

  async #onRawAnswer(sessionId, decoding) {
    let data;
    try {
      data = await decoding;
    } catch (error) {
      this.log.warn({ err: error, sessionId }, 'the phone\'s history answer could not be downloaded; using what Baileys emitted of it');
      return;
    }
    await this.#learnFromHistory(data);
    if (data.chats?.length) this.#emitChats(data.chats);
    this.fetcher?.offerRaw({ sessionId, chats: data.chats ?? [], messages: data.messages ?? [] });
  }

  async #learnFromHistory(event) {
    for (const pair of event.lidPnMappings ?? []) this.jids.remember(pair.lid, pair.pn);
    for (const chat of event.chats ?? []) this.jids.learnFromChat(chat);
    this.#learnContacts(event.contacts ?? []);
    await this.#resolveLids(event.messages ?? []);
  }

  // Before messages are filed: every LID among their chats and senders that the book cannot place
  // is looked up in Baileys' own (persisted) LID store.
  async #resolveLids(messages) {
    const unknown = new Set();
    for (const raw of messages) {
      const key = raw?.key;
      if (!key) continue;
      this.jids.learnFromKey(key);
      for (const jid of [key.remoteJid, key.participant, raw.participant]) {
        if (isLid(jid) && !this.jids.knows(jid)) unknown.add(normalizeJid(jid));
      }
    }
    if (unknown.size) {
      await this.jids.resolve(unknown, this.connection.socket()?.signalRepository?.lidMapping
        ?? this.lastSocketLidMapping);
    }
  }

  async #onHistorySet(event, socket) {
    this.lastSocketLidMapping = socket.signalRepository?.lidMapping;
    await this.#learnFromHistory(event);
    if (event.syncType === ON_DEMAND) {
      await this.#onFilteredAnswer(event);
      return;
    }
    const messages = [];
    const revisions = [];
    for (const raw of event.messages ?? []) {
      const sorted = classify(raw, this.jids);
      if (sorted.message) {
        messages.push(sorted.message);
        this.jids.noteKeyedAs(sorted.message.chat, raw.key.remoteJid);
      }
      revisions.push(...sorted.revisions);
    }
    // Messages before chats: a chat the plugin lists then always has its newest message to anchor on.
    this.#emitHistory(SYNC_TYPES[event.syncType] ?? String(event.syncType), messages, revisions,
      { progress: event.progress ?? undefined, isLatest: event.isLatest ?? undefined });
    if (event.chats?.length) this.#emitChats(event.chats);
  }

  // Baileys' buffered copy of an ON_DEMAND answer. When the notification it came from was decoded,
  // that is the answer; this copy adds only what Baileys merged into it from other pushes. Otherwise
  // (no notification seen, or its download failed) this copy is all there is, and the fetcher knows
  // it may be filtered.
  async #onFilteredAnswer(event) {
    await new Promise((resolve) => setImmediate(resolve));
    const sessionId = event.peerDataRequestSessionId || undefined;
    const entry = sessionId ? this.#raw.get(sessionId) : undefined;
    const data = entry ? await entry.decoding.catch(() => undefined) : undefined;
    if (event.chats?.length) this.#emitChats(event.chats);
    if (!data) {
      this.fetcher?.offerBuffered({ sessionId, chats: event.chats ?? [], messages: event.messages ?? [] });
      return;
    }
    const answered = new Set((data.messages ?? []).map((raw) => keyOf(raw?.key)));
    const merged = (event.messages ?? []).filter((raw) => !answered.has(keyOf(raw?.key)));
    if (merged.length) {
      const messages = [];
      const revisions = [];
      for (const raw of merged) {
        const sorted = classify(raw, this.jids);
        if (sorted.message) messages.push(sorted.message);
        revisions.push(...sorted.revisions);
      }
      this.#emitHistory('onDemand', messages, revisions, {});
    }
  }

  async #onUpsert({ messages, type }) {
    const kept = (messages ?? []).filter((raw) => raw?.key?.remoteJid !== 'status@broadcast');
    await this.#resolveLids(kept);
    const found = [];
    const revisions = [];
    for (const raw of kept) {
      const sorted = classify(raw, this.jids);
      if (sorted.message) {
        found.push(sorted.message);
        if (raw.key?.remoteJid) this.jids.noteKeyedAs(sorted.message.chat, raw.key.remoteJid);
      }
      revisions.push(...sorted.revisions);
    }
    if (found.length) this.#emitLines('messages', { kind: type === 'notify' ? 'live' : 'append' }, found);
    this.#emitRevisions(revisions);
  }

  #onUpdates(updates) {
    const revisions = [];
    for (const { key, update } of updates ?? []) {
      if (!key?.id || !key.remoteJid || !update) continue;
      this.jids.learnFromKey(key);
      const chat = this.jids.preferred(key.remoteJid);
      const timestamp = toEpochSeconds(update.messageTimestamp) ?? Math.floor(Date.now() / 1000);
      const edit = update.message?.editedMessage?.message ?? update.message?.protocolMessage?.editedMessage;
      if (edit) {
        revisions.push({ chat, messageId: key.id, kind: 'edited', value: textOf(unwrapContent(edit).content), actor: key.fromMe ? 'me' : '', timestamp });
      } else if (update.messageStubType === 1 || update.message === null) {
        revisions.push({ chat, messageId: key.id, kind: 'deleted', value: '', actor: key.fromMe ? 'me' : '', timestamp });
      }
    }
    this.#emitRevisions(revisions);
  }

  #onReactions(reactions) {
    const revisions = [];
    for (const { key, reaction } of reactions ?? []) {
      if (!key?.id || !key.remoteJid || !reaction) continue;
      this.jids.learnFromKey(key);
      const actorKey = reaction.key ?? {};
      revisions.push({
        chat: this.jids.preferred(key.remoteJid),
        messageId: key.id,
        kind: 'reaction',
        value: reaction.text ?? '',
        actor: actorKey.fromMe ? 'me' : this.jids.preferred(actorKey.participant ?? actorKey.remoteJid ?? ''),
        timestamp: reaction.senderTimestampMs ? Math.floor(toEpochSeconds(reaction.senderTimestampMs) / 1000) : Math.floor(Date.now() / 1000),
      });
    }
    this.#emitRevisions(revisions);
  }

  #learnContacts(contacts) {
    for (const contact of contacts ?? []) {
      this.jids.learnFromContact(contact);
      const name = contact.name || contact.notify || contact.verifiedName;
      if (contact.id && name) this.names.set(this.jids.preferred(contact.id), name);
    }
  }

  #emitChats(chats) {
    const described = [];
    for (const chat of chats ?? []) {
      if (!chat.id || chat.id === 'status@broadcast') continue;
      this.jids.learnFromChat(chat);
      const id = this.jids.preferred(chat.id);
      const name = chat.name || chat.displayName || this.names.get(id) || undefined;
      if (name) this.names.set(id, name);
      described.push({
        id,
        name,
        group: id.endsWith('@g.us'),
        lastActivity: toEpochSeconds(chat.conversationTimestamp ?? chat.lastMessageRecvTimestamp) || undefined,
      });
    }
    if (described.length) this.writer.event('chats', { chats: described });
  }

  #emitHistory(syncType, messages, revisions, extra) {
    this.#emitLines('history', { syncType, ...extra }, messages);
    this.#emitRevisions(revisions);
  }

  #emitRevisions(revisions) {
    for (let start = 0; start < revisions.length; start += MAX_MESSAGES_PER_LINE) {
      this.writer.event('revisions', { revisions: revisions.slice(start, start + MAX_MESSAGES_PER_LINE) });
    }
  }

  // One event per line, each with at most MAX_MESSAGES_PER_LINE messages and about MAX_EVENT_BYTES:
  // a pairing-time push of thousands of messages never becomes one huge line.
  #emitLines(event, fields, messages) {
    let batch = [];
    let bytes = 0;
    const send = () => {
      if (batch.length) this.writer.event(event, { ...fields, messages: batch });
      batch = [];
      bytes = 0;
    };
    for (const message of messages) {
      const size = Buffer.byteLength(JSON.stringify(message));
      if (batch.length && (batch.length >= MAX_MESSAGES_PER_LINE || bytes + size > MAX_EVENT_BYTES)) send();
      batch.push(size > MAX_EVENT_BYTES ? withoutRaw(message) : message);
      bytes += Math.min(size, MAX_EVENT_BYTES);
    }
    send();
  }
}

function keyOf(key) {
  return `${normalizeJid(key?.remoteJid)},${key?.id},${key?.fromMe ? 1 : 0}`;
}

// A message whose raw record alone would make a huge line keeps everything but that record.
function withoutRaw(message) {
  return { ...message, raw: { omitted: 'The raw record was larger than a protocol line may be.' } };
}

// A page is one reply line: if raw records make it too large, the largest lose their raw record.
function fitReply(reply) {
  let size = Buffer.byteLength(JSON.stringify(reply));
  if (size <= MAX_EVENT_BYTES * 4) return reply;
  const messages = [...reply.messages];
  const order = messages.map((message, index) => [Buffer.byteLength(JSON.stringify(message.raw ?? null)), index])
    .sort((a, b) => b[0] - a[0]);
  for (const [rawSize, index] of order) {
    if (size <= MAX_EVENT_BYTES * 4) break;
    messages[index] = withoutRaw(messages[index]);
    size -= rawSize;
  }
  return { ...reply, messages };
}
