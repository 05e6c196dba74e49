// On-demand history: turns Baileys' fire-and-forget fetchMessageHistory() into "give me one page
// older than this anchor" with an answer, a timeout, or a typed failure.
//
// How it works, and why:
// - One request is in flight per account (this class serves one socket) and requests wait in a queue,
//   with a pause between the end of one and the start of the next: WhatsApp relays each request to the
//   user's phone, and nobody knows its limits, so we never press it.
// - fetchMessageHistory() only sends; the phone answers later with a "messaging-history.set" event of
//   syncType 6 (ON_DEMAND). A reply belongs to the request when it carries the request's id
//   (peerDataRequestSessionId) or, failing that, when its chat is the requested chat in either form
//   (phone number or LID). Baileys merges buffered events, so the id may be missing or wrong; the chat
//   match is what makes that safe.
// - A reply may come in several chunks, so a request is answered once no chunk came for a quiet
//   period (or as soon as it holds the requested count). A request with no reply at all ends in a
//   TIMEOUT error, retryable: silence is never taken for the end of history.
// - Only messages strictly older than the anchor count. Anything else that arrives (newer messages,
//   late replies, replies for other chats) is handed to onUnsolicited, so it is stored, not lost.
// - The end of history is WhatsApp's own marker (endOfHistoryTransferType 1 on the chat). A reply
//   with nothing older than the anchor is asked once more after the pause before it is believed,
//   because Baileys drops messages it already emitted during the socket's life.

import { CommandError } from './protocol.js';
import { classify, toEpochSeconds } from './normalize.js';
import { isLid, normalizeJid } from './jids.js';

export const ON_DEMAND = 6;
const END_OF_HISTORY_NO_MORE_ON_PRIMARY = 1;

export class HistoryFetcher {
  #queue = Promise.resolve();
  #lastFinishedAt = 0;
  #inFlight = undefined;
  #cancelled = new Set();
  #attempts = 0;

  /**
   * @param connection  has socket(): the open socket, or undefined when not connected
   * @param jids        the JidBook
   * @param settings    {pauseMs, requestTimeoutMs, quietPeriodMs, timestampUnit: 'seconds'|'milliseconds'}
   * @param onUnsolicited (messages, revisions) for everything that is not an answer to a request
   * @param onRevisions (revisions) for edits, deletions and reactions found in answers
   */
  constructor({ connection, jids, settings, onUnsolicited, onRevisions, log }) {
    this.connection = connection;
    this.jids = jids;
    this.settings = settings;
    this.onUnsolicited = onUnsolicited;
    this.onRevisions = onRevisions;
    this.log = log;
  }

  /** Queues a page request; resolves with the page or rejects with a CommandError. */
  fetch(request) {
    const run = this.#queue.then(() => this.#run(request));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Gives up a request: queued ones never run, an in-flight one fails with CANCELLED at once. */
  cancel(requestId) {
    this.#cancelled.add(requestId);
    if (this.#inFlight?.request.requestId === requestId) {
      this.#inFlight.fail(new CommandError('CANCELLED', 'The request was cancelled.', true));
    }
  }

  /** The connection closed: the phone's answer cannot reach this socket any more. */
  connectionLost(loggedOut) {
    if (!this.#inFlight) {
      return;
    }
    this.#inFlight.fail(loggedOut
      ? new CommandError('LOGGED_OUT', 'WhatsApp logged this device out while a request was waiting; pair again.', false)
      : new CommandError('DISCONNECTED', 'The connection to WhatsApp dropped while a request was waiting.', true));
  }

  /**
   * Offers an ON_DEMAND history event (already LID-mapped by the caller). Takes what belongs to the
   * request in flight; everything else goes to onUnsolicited.
   */
  offer(event) {
    const pending = this.#inFlight;
    const leftover = [];
    const revisions = [];
    const sessionMatch = !!(pending?.sessionId && event.peerDataRequestSessionId === pending.sessionId);
    for (const raw of event.messages ?? []) {
      if (pending && this.#belongs(pending, sessionMatch, raw.key?.remoteJid)) {
        pending.take(raw);
      } else {
        leftover.push(raw);
      }
    }
    if (pending) {
      if (sessionMatch) {
        pending.touched = true; // an answer, even with nothing in it
      }
      for (const chat of event.chats ?? []) {
        if (!this.#belongs(pending, sessionMatch, chat.id)) continue;
        pending.touched = true;
        if (chat.endOfHistoryTransferType !== undefined && chat.endOfHistoryTransferType !== null) {
          pending.endType = chat.endOfHistoryTransferType;
        }
      }
      if (pending.touched) {
        pending.chunkArrived();
      }
    }
    if (leftover.length) {
      const messages = [];
      for (const raw of leftover) {
        const sorted = classify(raw, this.jids);
        if (sorted.message) messages.push(sorted.message);
        revisions.push(...sorted.revisions);
      }
      this.onUnsolicited(messages, revisions);
    }
  }

  // A message belongs to the request when its chat is the requested chat in any known form. Baileys
  // merges buffered history events and keeps the last request id, so a matching id alone does not make
  // every message in the event ours: it only vouches for a LID the book cannot place yet, which is
  // then learnt as the requested chat's LID.
  #belongs(pending, sessionMatch, jid) {
    if (jid === undefined || jid === null) {
      return false;
    }
    const normalized = normalizeJid(jid);
    if (pending.aliases.has(normalized)) {
      return true;
    }
    if (sessionMatch && isLid(normalized) && this.jids.preferred(normalized) === normalized) {
      this.jids.remember(normalized, pending.request.chat);
      pending.aliases.add(normalized);
      return true;
    }
    return false;
  }

  async #run(request) {
    if (this.#cancelled.delete(request.requestId)) {
      throw new CommandError('CANCELLED', 'The request was cancelled before it was sent.', true);
    }
    let answer = await this.#attempt(request);
    let confirmedEmpty = false;
    if (answer.olderCount === 0 && answer.endType !== END_OF_HISTORY_NO_MORE_ON_PRIMARY) {
      this.log.info({ requestId: request.requestId, chat: request.chat }, 'empty reply; asking once more before believing it');
      const confirmation = await this.#attempt(request);
      if (confirmation.olderCount === 0 && confirmation.endType !== END_OF_HISTORY_NO_MORE_ON_PRIMARY) {
        confirmedEmpty = true;
      }
      answer = confirmation;
    }
    const endOfHistory = answer.endType === END_OF_HISTORY_NO_MORE_ON_PRIMARY || confirmedEmpty;
    return {
      requestId: request.requestId,
      chat: request.chat,
      messages: answer.messages.sort((a, b) => b.timestamp - a.timestamp),
      endOfHistory,
      endReason: endOfHistory ? (confirmedEmpty ? 'noOlderMessagesTwice' : 'endOfHistoryMarker') : undefined,
      attempts: answer.attempt,
    };
  }

  async #attempt(request) {
    await this.#pause();
    if (this.#cancelled.delete(request.requestId)) {
      throw new CommandError('CANCELLED', 'The request was cancelled before it was sent.', true);
    }
    const socket = this.connection.socket();
    if (!socket) {
      throw new CommandError('NOT_CONNECTED', 'WhatsApp is not connected right now.', true);
    }
    const aliases = await this.jids.resolveAliases(request.chat, socket.signalRepository?.lidMapping);
    try {
      return await new Promise((resolve, reject) => {
        const pending = this.#pendingFor(request, aliases, resolve, reject);
        this.#inFlight = pending;
        pending.attempt = ++this.#attempts;
        const anchor = request.anchor;
        const key = { remoteJid: request.chat, fromMe: !!anchor.fromMe, id: anchor.id };
        if (anchor.participant) {
          key.participant = anchor.participant;
        }
        const timestamp = this.settings.timestampUnit === 'milliseconds' ? anchor.timestamp * 1000 : anchor.timestamp;
        Promise.resolve()
          .then(() => socket.fetchMessageHistory(request.count, key, timestamp))
          .then((sessionId) => { pending.sessionId = sessionId; },
            (error) => pending.fail(new CommandError('SEND_FAILED',
              'WhatsApp did not take the history request: ' + (error?.message ?? error), true)));
      });
    } finally {
      this.#inFlight = undefined;
      this.#lastFinishedAt = Date.now();
    }
  }

  #pendingFor(request, aliases, resolve, reject) {
    const { requestTimeoutMs, quietPeriodMs } = this.settings;
    const anchor = request.anchor;
    const collected = new Map();
    const revisions = [];
    const newer = [];
    let olderCount = 0;
    let quietTimer;
    let done = false;
    const settle = () => {
      clearTimeout(quietTimer);
      clearTimeout(timeoutTimer);
      done = true;
    };
    const pending = {
      request,
      aliases,
      sessionId: undefined,
      endType: undefined,
      touched: false,
      take: (raw) => {
        pending.touched = true;
        const sorted = classify(raw, this.jids, request.chat);
        revisions.push(...sorted.revisions);
        const message = sorted.message;
        const older = message && (message.timestamp < anchor.timestamp
          || (message.timestamp === anchor.timestamp && message.id !== anchor.id));
        if (older) {
          olderCount++;
          collected.set(message.id, message);
        } else if (message) {
          newer.push(message);
        } else if (toOlderRevision(raw, anchor)) {
          olderCount++;
        }
      },
      chunkArrived: () => {
        if (done) return;
        pending.touched = false;
        pending.answered = true;
        clearTimeout(quietTimer);
        if (collected.size >= request.count) {
          finish();
        } else {
          quietTimer = setTimeout(finish, quietPeriodMs);
        }
      },
      fail: (error) => {
        if (done) return;
        settle();
        flushExtras();
        reject(error);
      },
    };
    const flushExtras = () => {
      if (revisions.length) this.onRevisions(revisions.splice(0));
      if (newer.length) this.onUnsolicited(newer.splice(0), []);
    };
    const finish = () => {
      if (done) return;
      settle();
      flushExtras();
      resolve({ messages: [...collected.values()], olderCount, endType: pending.endType, attempt: pending.attempt });
    };
    const timeoutTimer = setTimeout(() => {
      if (pending.answered) {
        finish();
      } else {
        pending.fail(new CommandError('TIMEOUT',
          `The phone did not answer within ${Math.round(requestTimeoutMs / 1000)} s; it may be offline or asleep.`, true));
      }
    }, requestTimeoutMs);
    return pending;
  }

  async #pause() {
    const wait = this.#lastFinishedAt + this.settings.pauseMs - Date.now();
    if (this.#lastFinishedAt > 0 && wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

// A revision (reaction, edit, deletion) older than the anchor still proves the phone had older
// history to give, so it keeps an answer from counting as empty.
function toOlderRevision(raw, anchor) {
  const seconds = toEpochSeconds(raw?.messageTimestamp);
  return seconds !== undefined && seconds < anchor.timestamp;
}
