// The life of one WhatsApp link: creating Baileys sockets on the saved auth state, pairing (QR code or
// pairing code), and what to do after each kind of disconnect. Baileys gives a dead socket no second
// life: every reconnect is a new socket on the same auth state.
//
// Disconnect reasons (lastDisconnect.error.output.statusCode) and what they lead to:
//   515 restartRequired                  normal right after pairing: reconnect at once
//   network errors (no route, DNS, refused, timed out before the socket opened)
//                                        "unreachable", with the cause; reconnect with growing pauses
//   428 connectionClosed, 408 connectionLost/timedOut, 411 multideviceMismatch, 500 badSession,
//   503 unavailableService, anything else reconnect with growing pauses (503 starts longer)
//   408 "QR refs attempts ended"         the QR codes ran out before the phone scanned one: stop
//   405                                  WhatsApp refuses this WhatsApp Web version: ask once more
//                                        with a freshly looked-up version, then stop ("outdated")
//   440 connectionReplaced               another program uses this link: stop, never fight over it
//   401 loggedOut, 403 forbidden, 419    the link is gone: delete the auth state, stop
// A creds.json that cannot be read stops everything before a socket is made ("authDamaged"): it is
// never replaced by a fresh identity.

import { rm, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { credsProblem } from './auth-state.js';

export const REASONS = {
  401: 'loggedOut',
  403: 'forbidden',
  405: 'clientOutdated',
  408: 'connectionLost',
  411: 'multideviceMismatch',
  419: 'loggedOut',
  428: 'connectionClosed',
  440: 'connectionReplaced',
  500: 'badSession',
  503: 'unavailableService',
  515: 'restartRequired',
};
const LOGGED_OUT_CODES = new Set([401, 403, 419]);
const OUTDATED_CODE = 405;
const FIRST_QR_LIFETIME_MS = 60_000;
const LATER_QR_LIFETIME_MS = 20_000;
const NETWORK_CODES = /^E[A-Z_]+$/;

/** "2.3000.1043857760" or [2,3000,1043857760] -> [2,3000,1043857760]; undefined when not a version. */
export function parseVersion(value) {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.trim().split('.') : [];
  const numbers = parts.map((part) => Number(part));
  return numbers.length === 3 && numbers.every((n) => Number.isInteger(n) && n >= 0) ? numbers : undefined;
}

/** Why a close is a network failure (no route to WhatsApp), or undefined when it is not one. */
export function networkCause(error) {
  const data = error?.data ?? error?.output?.payload?.data;
  const code = data?.code ?? error?.code;
  const message = String(error?.message ?? '');
  if (typeof code === 'string' && NETWORK_CODES.test(code)) {
    return message || code;
  }
  if (/^WebSocket Error/.test(message) || /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/.test(message)) {
    return message;
  }
  return undefined;
}

export class Connection {
  #socket = undefined;
  #state = 'idle';
  #reconnects = 0;
  #reconnectTimer = undefined;
  #closingOnPurpose = false;
  #opened = false;
  #version = undefined;
  #versionSource = undefined;
  #versionRetried = false;
  #auth = undefined;
  #pendingSaves = new Set();
  #openWaiters = [];

  /**
   * @param socketModule the real Baileys adapter or a stand-in of the same shape
   * @param handlers     {status(fields), qr(qr, expiresInMs), pairingCode(code), closed(loggedOut),
   *                      attach(socket): subscribe to the new socket's data events, forgotten(): the auth
   *                      state was deleted}
   */
  constructor({ socketModule, log, handlers }) {
    this.socketModule = socketModule;
    this.log = log;
    this.handlers = handlers;
  }

  get state() {
    return this.#state;
  }

  /** The open socket, or undefined when there is none to send through. */
  socket() {
    return this.#state === 'open' ? this.#socket : undefined;
  }

  me() {
    return this.#socket?.authState?.creds?.me?.id ?? this.#socket?.user?.id;
  }

  /** The WhatsApp Web version sockets are made with, as "2.3000.x", and where it came from. */
  version() {
    return this.#version ? { version: this.#version.join('.'), source: this.#versionSource } : undefined;
  }

  /**
   * options: {authDir, pairing: {mode: 'qr'|'code', phone}, reconnectBaseMs, reconnectMaxMs,
   * waVersion?: "2.3000.x" (skips the lookup), versionLookupMs}
   */
  async connect(options) {
    if (this.options?.authDir !== options.authDir) this.#auth = undefined;
    this.options = options;
    clearTimeout(this.#reconnectTimer);
    this.#reconnects = 0;
    this.#versionRetried = false;
    await mkdir(options.authDir, { recursive: true, mode: 0o700 });
    await this.#open();
  }

  async #resolveVersion(force) {
    const override = parseVersion(this.options.waVersion);
    if (override) {
      this.#version = override;
      this.#versionSource = 'setting';
      return;
    }
    if (this.#version && !force) return;
    if (!this.socketModule.latestVersion) return;
    try {
      const found = await this.socketModule.latestVersion({ timeoutMs: this.options.versionLookupMs ?? 10_000, log: this.log });
      const version = parseVersion(found?.version);
      if (version) {
        this.#version = version;
        this.#versionSource = found.source ?? 'lookup';
      }
    } catch (error) {
      this.log.warn({ err: error }, 'looking up the current WhatsApp Web version failed; using the built-in one');
    }
  }

  async #open() {
    this.#closingOnPurpose = false;
    this.#opened = false;
    this.#setState('connecting');
    const problem = this.#auth ? undefined : await credsProblem(this.options.authDir);
    if (problem) {
      this.#authDamaged(problem);
      return;
    }
    // One auth state for the link's whole life, as Baileys' examples keep it: the creds in memory are
    // the truth (a reconnect right after pairing must not read a creds.json still being written).
    let auth = this.#auth;
    if (!auth) {
      try {
        auth = await this.socketModule.useAuthState(this.options.authDir);
      } catch (error) {
        if (error?.code === 'AUTH_DAMAGED') {
          this.#authDamaged(error.message, true);
          return;
        }
        throw error;
      }
      this.#auth = auth;
    }
    await this.#resolveVersion(false);
    const options = {
      auth: auth.state,
      // Baileys logs every stanza at info; its warnings and errors are what the log file needs.
      logger: this.log.child({ component: 'baileys' }, { minimumLevel: 'warn' }),
      // History on demand needs ON_DEMAND notifications processed; the default of some releases
      // dropped them (see docs/whatsapp-live.md), so the filter is always given.
      shouldSyncHistoryMessage: () => true,
      syncFullHistory: true,
      markOnlineOnConnect: false,
    };
    if (this.#version) options.version = this.#version;
    const socket = this.socketModule.makeSocket(options);
    socket.chatArchive = { qrCount: 0, pairingCodeRequested: false };
    this.#socket = socket;
    socket.ev.on('creds.update', () => this.#save(auth));
    socket.ev.on('connection.update', (update) => {
      this.#onUpdate(socket, update).catch((error) => this.log.error({ err: error }, 'connection update failed'));
    });
    this.handlers.attach(socket);
  }

  #save(auth) {
    const saving = Promise.resolve().then(() => auth.saveCreds()).catch((error) => {
      this.log.error({ err: error }, 'saving the WhatsApp link\'s keys failed');
    });
    this.#pendingSaves.add(saving);
    saving.finally(() => this.#pendingSaves.delete(saving));
  }

  #authDamaged(detail, sentence) {
    const message = sentence ? detail : `The saved WhatsApp link in ${this.options.authDir} is damaged (${detail}).`
      + ' Move that folder away (or delete it) and restart to pair this device again; nothing was overwritten.';
    this.log.error({ authDir: this.options.authDir, detail }, 'the WhatsApp link\'s saved keys are damaged');
    this.handlers.closed(false);
    this.#setState('authDamaged', { reason: 'authDamaged', detail: message });
  }

  async #onUpdate(socket, update) {
    if (socket !== this.#socket) {
      return; // a socket we already left behind
    }
    if (update.qr) {
      await this.#onQr(socket, update.qr);
    }
    if (update.connection === 'open') {
      this.#reconnects = 0;
      this.#opened = true;
      this.#versionRetried = false;
      this.#setState('open', { me: this.me(), isNewLogin: update.isNewLogin || undefined });
      for (const waiter of this.#openWaiters.splice(0)) waiter.resolve();
    } else if (update.connection === 'connecting' && this.#state !== 'connecting') {
      this.#setState('connecting');
    } else if (update.connection === 'close') {
      await this.#onClose(socket, update.lastDisconnect?.error);
    }
  }

  // Per socket: a pairing code belongs to the session that asked for it, so every new socket of
  // an unpaired link asks again; a QR's lifetime restarts with every socket (60 s, then 20 s).
  async #onQr(socket, qr) {
    const pairing = this.options.pairing ?? { mode: 'qr' };
    const own = socket.chatArchive;
    if (pairing.mode === 'code') {
      if (!own.pairingCodeRequested) {
        own.pairingCodeRequested = true;
        const code = await socket.requestPairingCode(String(pairing.phone).replace(/\D/g, ''));
        this.handlers.pairingCode(code);
        this.#setState('pairing', { pairing: 'code' });
      }
      return;
    }
    const expiresInMs = own.qrCount === 0 ? FIRST_QR_LIFETIME_MS : LATER_QR_LIFETIME_MS;
    own.qrCount++;
    this.handlers.qr(qr, expiresInMs);
    if (this.#state !== 'pairing') {
      this.#setState('pairing', { pairing: 'qr' });
    }
  }

  async #onClose(socket, error) {
    const code = error?.output?.statusCode ?? error?.statusCode;
    const reason = REASONS[code] ?? 'unknown';
    for (const waiter of this.#openWaiters.splice(0)) {
      waiter.reject(new Error(`the connection closed (${reason})`));
    }
    if (this.#closingOnPurpose) {
      return;
    }
    const registered = !!socket.authState?.creds?.registered;
    if (LOGGED_OUT_CODES.has(code)) {
      await this.#forgetAuth();
      this.handlers.closed(true);
      this.#setState('loggedOut', { code, reason });
      return;
    }
    this.handlers.closed(false);
    if (code === 440) {
      this.#setState('replaced', { code, reason });
      return;
    }
    if (code === OUTDATED_CODE) {
      const before = this.#version?.join('.');
      if (!this.#versionRetried && this.#versionSource !== 'setting') {
        this.#versionRetried = true;
        await this.#resolveVersion(true);
        if (this.#version && this.#version.join('.') !== before) {
          this.log.warn({ refused: before, next: this.#version.join('.') }, 'WhatsApp refused the client version; trying the newer one');
          this.#schedule(0, { code, reason });
          return;
        }
      }
      this.log.error({ version: before, source: this.#versionSource }, 'WhatsApp refuses this WhatsApp Web version (405)');
      this.#setState('outdated', { code, reason, version: before, versionSource: this.#versionSource });
      return;
    }
    const cause = networkCause(error);
    const shownPairing = socket.chatArchive.qrCount > 0 || socket.chatArchive.pairingCodeRequested;
    if (code === 408 && !registered && !cause && shownPairing && !this.#opened) {
      this.#setState('pairingTimedOut', { code, reason: 'pairingTimedOut' });
      return;
    }
    if (cause || (!this.#opened && !shownPairing && code === 408)) {
      const delay = this.#backoff(code);
      this.log.warn({ cause: cause ?? error?.message, code, retryInMs: delay }, 'WhatsApp cannot be reached');
      this.#schedule(delay, { state: 'unreachable', code, reason: 'unreachable', cause: cause ?? String(error?.message ?? reason) });
      return;
    }
    const delay = code === 515 ? 0 : this.#backoff(code);
    this.#schedule(delay, { code, reason });
  }

  #schedule(delay, { state = 'reconnecting', ...fields }) {
    this.#setState(state, { ...fields, retryInMs: delay });
    this.#reconnectTimer = setTimeout(() => {
      this.#open().catch((failure) => {
        this.log.error({ err: failure }, 'reconnect failed');
        this.#setState('closed', { reason: 'reconnectFailed', detail: String(failure?.message ?? failure) });
      });
    }, delay);
  }

  #backoff(code) {
    const base = (this.options.reconnectBaseMs ?? 2000) * (code === 503 ? 5 : 1);
    const max = this.options.reconnectMaxMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** Math.min(this.#reconnects, 20));
    this.#reconnects++;
    return delay;
  }

  /**
   * Replaces the open socket by a fresh one on the same link (Baileys' per-socket memory of what it
   * already emitted goes with the old one); resolves once the new one is open.
   */
  async refresh(timeoutMs = 30_000) {
    const old = this.#socket;
    if (this.#state !== 'open' || !old) {
      throw Object.assign(new Error('WhatsApp is not connected right now.'), { code: 'NOT_CONNECTED' });
    }
    this.#socket = undefined;
    try {
      old.end?.(undefined);
    } catch (error) {
      this.log.warn({ err: error }, 'closing the old socket failed');
    }
    const opened = new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.#openWaiters.push(waiter);
      const timer = setTimeout(() => {
        this.#openWaiters = this.#openWaiters.filter((w) => w !== waiter);
        reject(new Error(`no new connection within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      timer.unref?.();
    });
    await this.#open();
    await opened;
  }

  /** Unlinks this device from the account and deletes the auth state. */
  async logout() {
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#closingOnPurpose = true;
    if (socket && this.#state === 'open') {
      try {
        await socket.logout();
      } catch (error) {
        this.log.warn({ err: error }, 'logout request failed; deleting the local auth state anyway');
      }
    } else {
      socket?.end?.(undefined);
    }
    this.handlers.closed(true);
    await this.#forgetAuth();
    this.#setState('loggedOut', { reason: 'loggedOut' });
  }

  /**
   * Closes the socket without logging out (the link stays valid for the next start), then waits
   * until every key write begun has reached the disk.
   */
  async close() {
    clearTimeout(this.#reconnectTimer);
    this.#closingOnPurpose = true;
    try {
      this.#socket?.end?.(undefined);
    } catch (error) {
      this.log.warn({ err: error }, 'closing the socket failed');
    }
    await this.flush();
    if (this.#state !== 'closed') this.#setState('closed', { reason: 'shutdown' });
  }

  /** Resolves when every write of the link's keys begun so far has ended. */
  async flush() {
    while (this.#pendingSaves.size) {
      await Promise.allSettled([...this.#pendingSaves]);
    }
    await this.#auth?.flush?.();
  }

  async #forgetAuth() {
    const dir = this.options?.authDir;
    if (!dir) {
      return;
    }
    await this.flush().catch(() => {});
    this.#auth = undefined; // the next pairing starts from fresh credentials
    this.handlers.forgotten?.();
    for (const entry of await readdir(dir).catch(() => [])) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  #setState(state, fields = {}) {
    this.#state = state;
    this.handlers.status({ state, ...fields });
  }
}
