// The sidecar's commands and events: ties the protocol to one Connection and its HistoryFetcher, and
// forwards what the socket reports (pushed history, live messages, revisions, chat names).

import { CommandError, MAX_MESSAGES_PER_LINE, PROTOCOL_VERSION } from './protocol.js';
import { Connection } from './connection.js';
import { HistoryFetcher, ON_DEMAND } from './history.js';
import { JidBook, isLid, normalizeJid } from './jids.js';
import { classify, toEpochSeconds, unwrapContent, textOf } from './normalize.js';

export const SIDECAR_VERSION = '1.0.0';
export const MAX_PAGE = 50;

const SYNC_TYPES = ['initialBootstrap', 'initialStatusV3', 'full', 'recent', 'pushName', 'nonBlockingData', 'onDemand'];

const DEFAULTS = {
  pauseMs: 3000,
  requestTimeoutMs: 60_000,
  quietPeriodMs: 2000,
  timestampUnit: 'seconds',
  reconnectBaseMs: 2000,
  reconnectMaxMs: 60_000,
};

export class Sidecar {
  constructor({ socketModule, writer, log, exit }) {
    this.socketModule = socketModule;
    this.writer = writer;
    this.log = log;
    this.exit = exit;
    this.jids = new JidBook();
    this.names = new Map();
    this.connection = new Connection({
      socketModule,
      log,
      handlers: {
        status: (fields) => writer.event('connection', fields),
        qr: (qr, expiresInMs) => writer.event('qr', { qr, expiresInMs }),
        pairingCode: (code) => writer.event('pairingCode', { code }),
        closed: (loggedOut) => this.fetcher?.connectionLost(loggedOut),
        attach: (socket) => this.#attach(socket),
      },
    });
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

  async #dispatch(cmd, args) {
    switch (cmd) {
      case 'hello':
        return this.#hello(args);
      case 'connect':
        return this.#connect(args);
      case 'status':
        return { state: this.connection.state, me: this.connection.me() };
      case 'fetchHistory':
        return this.#fetchHistory(args);
      case 'cancel':
        this.fetcher?.cancel(String(args.requestId));
        return {};
      case 'logout':
        await this.connection.logout();
        return {};
      case 'shutdown':
        this.connection.close();
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
    const settings = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS)) {
      if (args[key] !== undefined && args[key] !== null) settings[key] = args[key];
    }
    if (!['seconds', 'milliseconds'].includes(settings.timestampUnit)) {
      throw new CommandError('BAD_REQUEST', 'timestampUnit must be "seconds" or "milliseconds".', false);
    }
    this.settings = settings;
    this.fetcher = new HistoryFetcher({
      connection: this.connection,
      jids: this.jids,
      settings,
      log: this.log.child({ component: 'history' }),
      onUnsolicited: (messages, revisions) => this.#emitHistory('onDemand', messages, revisions, {}),
      onRevisions: (revisions) => this.#emitRevisions(revisions),
    });
    await this.connection.connect({ ...settings, authDir: args.authDir, pairing });
    return { state: this.connection.state };
  }

  async #fetchHistory(args) {
    const { requestId, chat, anchor } = args;
    const count = args.count ?? MAX_PAGE;
    if (!this.fetcher) {
      throw new CommandError('NOT_CONNECTED', 'The sidecar was not told to connect yet.', true);
    }
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
    if (this.connection.state === 'loggedOut') {
      throw new CommandError('LOGGED_OUT', 'This device is logged out of WhatsApp; pair again.', false);
    }
    if (this.connection.state === 'pairing' || this.connection.state === 'pairingTimedOut') {
      throw new CommandError('NOT_PAIRED', 'WhatsApp is not paired yet; pair this device first.', false);
    }
    return this.fetcher.fetch({ requestId: String(requestId), chat: normalizeJid(chat), anchor, count });
  }

  #attach(socket) {
    const ev = socket.ev;
    ev.on('messaging-history.set', (event) => this.#safely('history', () => this.#onHistorySet(event)));
    ev.on('messages.upsert', (event) => this.#safely('messages', () => this.#onUpsert(event)));
    ev.on('messages.update', (updates) => this.#safely('update', () => this.#onUpdates(updates)));
    ev.on('messages.reaction', (reactions) => this.#safely('reaction', () => this.#onReactions(reactions)));
    ev.on('chats.upsert', (chats) => this.#safely('chats', () => this.#emitChats(chats)));
    ev.on('chats.update', (chats) => this.#safely('chats', () => this.#emitChats(chats.filter((chat) => chat.name))));
    ev.on('contacts.upsert', (contacts) => this.#safely('contacts', () => this.#learnNames(contacts)));
    ev.on('lid-mapping.update', (mapping) => this.#safely('lid', () => {
      for (const pair of [].concat(mapping ?? [])) this.jids.remember(pair.lid, pair.pn);
    }));
  }

  #safely(what, action) {
    try {
      action();
    } catch (error) {
      this.log.error({ err: error }, `handling a ${what} event failed`);
      this.writer.event('error', { message: `The sidecar could not handle a ${what} event: ${error?.message ?? error}` });
    }
  }

  #onHistorySet(event) {
    for (const pair of event.lidPnMappings ?? []) this.jids.remember(pair.lid, pair.pn);
    for (const chat of event.chats ?? []) {
      if (chat.lidJid && chat.pnJid) this.jids.remember(chat.lidJid, chat.pnJid);
      else if (chat.pnJid && isLid(chat.id)) this.jids.remember(chat.id, chat.pnJid);
      else if (chat.lidJid && !isLid(chat.id)) this.jids.remember(chat.lidJid, chat.id);
    }
    this.#learnNames(event.contacts ?? []);
    if (event.syncType === ON_DEMAND) {
      if (event.chats?.length) this.#emitChats(event.chats);
      this.fetcher?.offer(event);
      return;
    }
    const messages = [];
    const revisions = [];
    for (const raw of event.messages ?? []) {
      const sorted = classify(raw, this.jids);
      if (sorted.message) messages.push(sorted.message);
      revisions.push(...sorted.revisions);
    }
    // Messages before chats: a chat the plugin lists then always has its newest message to anchor on.
    this.#emitHistory(SYNC_TYPES[event.syncType] ?? String(event.syncType), messages, revisions,
      { progress: event.progress ?? undefined, isLatest: event.isLatest ?? undefined });
    if (event.chats?.length) this.#emitChats(event.chats);
  }

  #onUpsert({ messages, type }) {
    const found = [];
    const revisions = [];
    for (const raw of messages ?? []) {
      if (raw.key?.remoteJid === 'status@broadcast') continue;
      const sorted = classify(raw, this.jids);
      if (sorted.message) found.push(sorted.message);
      revisions.push(...sorted.revisions);
    }
    if (found.length) this.writer.event('messages', { kind: type === 'notify' ? 'live' : 'append', messages: found });
    this.#emitRevisions(revisions);
  }

  #onUpdates(updates) {
    const revisions = [];
    for (const { key, update } of updates ?? []) {
      if (!key?.id || !key.remoteJid || !update) continue;
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

  #learnNames(contacts) {
    for (const contact of contacts) {
      const name = contact.name || contact.notify || contact.verifiedName;
      if (contact.id && name) this.names.set(this.jids.preferred(contact.id), name);
    }
  }

  #emitChats(chats) {
    const described = [];
    for (const chat of chats ?? []) {
      if (!chat.id || chat.id === 'status@broadcast') continue;
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
    for (let start = 0; start < messages.length; start += MAX_MESSAGES_PER_LINE) {
      this.writer.event('history', { syncType, ...extra, messages: messages.slice(start, start + MAX_MESSAGES_PER_LINE) });
    }
    this.#emitRevisions(revisions);
  }

  #emitRevisions(revisions) {
    for (let start = 0; start < revisions.length; start += MAX_MESSAGES_PER_LINE) {
      this.writer.event('revisions', { revisions: revisions.slice(start, start + MAX_MESSAGES_PER_LINE) });
    }
  }
}
