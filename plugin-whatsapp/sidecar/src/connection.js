// The life of one WhatsApp link: creating Baileys sockets on the saved auth state, pairing (QR code or
// pairing code), and what to do after each kind of disconnect. Baileys gives a dead socket no second
// life: every reconnect is a new socket on the same auth state.
//
// Disconnect reasons (lastDisconnect.error.output.statusCode) and what they lead to:
//   515 restartRequired                  normal right after pairing: reconnect at once
//   428 connectionClosed, 408 connectionLost/timedOut, 411 multideviceMismatch, 500 badSession,
//   503 unavailableService, anything else reconnect with growing pauses (503 starts longer)
//   408 before the device is paired      the QR codes ran out: stop, the user starts pairing again
//   440 connectionReplaced               another program uses this link: stop, never fight over it
//   401 loggedOut, 403 forbidden, 419    the link is gone: delete the auth state, stop

import { rm, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const REASONS = {
  401: 'loggedOut',
  403: 'forbidden',
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
const FIRST_QR_LIFETIME_MS = 60_000;
const LATER_QR_LIFETIME_MS = 20_000;

export class Connection {
  #socket = undefined;
  #state = 'idle';
  #reconnects = 0;
  #reconnectTimer = undefined;
  #qrCount = 0;
  #pairingCodeRequested = false;
  #closingOnPurpose = false;

  /**
   * @param socketModule the real Baileys adapter or the simulated phone
   * @param handlers     {status(fields), qr(qr, expiresInMs), pairingCode(code), closed(loggedOut),
   *                      attach(socket): subscribe to the new socket's data events}
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

  /** options: {authDir, pairing: {mode: 'qr'|'code', phone}, reconnectBaseMs, reconnectMaxMs} */
  async connect(options) {
    this.options = options;
    clearTimeout(this.#reconnectTimer);
    this.#reconnects = 0;
    this.#qrCount = 0;
    this.#pairingCodeRequested = false;
    await mkdir(options.authDir, { recursive: true, mode: 0o700 });
    await this.#open();
  }

  async #open() {
    this.#closingOnPurpose = false;
    this.#setState('connecting');
    const { state, saveCreds } = await this.socketModule.useAuthState(this.options.authDir);
    const socket = this.socketModule.makeSocket({
      auth: state,
      logger: this.log.child({ component: 'baileys' }),
      // History on demand needs ON_DEMAND notifications processed; the default of some releases
      // dropped them (see docs/whatsapp-live.md), so the filter is always given.
      shouldSyncHistoryMessage: () => true,
      syncFullHistory: true,
      markOnlineOnConnect: false,
    });
    this.#socket = socket;
    socket.ev.on('creds.update', saveCreds);
    socket.ev.on('connection.update', (update) => {
      this.#onUpdate(socket, update).catch((error) => this.log.error({ err: error }, 'connection update failed'));
    });
    this.handlers.attach(socket);
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
      this.#setState('open', { me: this.me(), isNewLogin: update.isNewLogin || undefined });
    } else if (update.connection === 'connecting' && this.#state !== 'connecting') {
      this.#setState('connecting');
    } else if (update.connection === 'close') {
      await this.#onClose(socket, update.lastDisconnect?.error);
    }
  }

  async #onQr(socket, qr) {
    const pairing = this.options.pairing ?? { mode: 'qr' };
    if (pairing.mode === 'code') {
      if (!this.#pairingCodeRequested) {
        this.#pairingCodeRequested = true;
        const code = await socket.requestPairingCode(String(pairing.phone).replace(/\D/g, ''));
        this.handlers.pairingCode(code);
        this.#setState('pairing', { pairing: 'code' });
      }
      return;
    }
    const expiresInMs = this.#qrCount === 0 ? FIRST_QR_LIFETIME_MS : LATER_QR_LIFETIME_MS;
    this.#qrCount++;
    this.handlers.qr(qr, expiresInMs);
    if (this.#state !== 'pairing') {
      this.#setState('pairing', { pairing: 'qr' });
    }
  }

  async #onClose(socket, error) {
    const code = error?.output?.statusCode ?? error?.statusCode;
    const reason = REASONS[code] ?? 'unknown';
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
    if (code === 408 && !registered) {
      this.#setState('pairingTimedOut', { code, reason: 'pairingTimedOut' });
      return;
    }
    const delay = code === 515 ? 0 : this.#backoff(code);
    this.#setState('reconnecting', { code, reason, retryInMs: delay });
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
    const delay = Math.min(max, base * 2 ** this.#reconnects);
    this.#reconnects++;
    return delay;
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

  /** Closes the socket without logging out: the link stays valid for the next start. */
  close() {
    clearTimeout(this.#reconnectTimer);
    this.#closingOnPurpose = true;
    try {
      this.#socket?.end?.(undefined);
    } catch (error) {
      this.log.warn({ err: error }, 'closing the socket failed');
    }
    this.#setState('closed', { reason: 'shutdown' });
  }

  async #forgetAuth() {
    const dir = this.options?.authDir;
    if (!dir) {
      return;
    }
    for (const entry of await readdir(dir).catch(() => [])) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  #setState(state, fields = {}) {
    this.#state = state;
    this.handlers.status({ state, ...fields });
  }
}
