// On-demand history: turns Baileys' fire-and-forget fetchMessageHistory() into "give me one page
// older than this anchor" with an answer, a timeout, or a typed failure.
//
// How Baileys 7.0.0-rc14 delivers an answer (read in its lib/ source; docs/whatsapp-live.md):
// the phone sends a history-sync notification (a protocol message, syncType ON_DEMAND, carrying
// the request's id as peerDataRequestSessionId). Baileys' buffered upsertMessage first emits it as
// "messages.upsert", then downloads the blob and emits "messaging-history.set". That second event
// passes Baileys' event buffer, which drops every chat id and message key already emitted on the
// socket: a chat seen earlier arrives without its chats[] entry (so without its end marker), and a
// page asked twice arrives with no messages. Taking that event at its word loses history.
//
// So answers come in two qualities:
// - raw: the notification itself, decoded by the sidecar (Baileys' own downloadAndProcessHistory-
//   SyncNotification): every message the phone sent and each conversation's end marker. This is
//   what a page is built from whenever it is there (offerRaw);
// - buffered: Baileys' filtered event, used only when no raw notification came for it (a socket
//   that does not deliver notifications, or a blob that could not be downloaded twice)
//   (offerBuffered). Its silence proves nothing: an empty buffered answer is asked again on a fresh
//   socket, whose buffer has no memory, before anything is concluded.
//
// Further rules:
// - One request is in flight per account, with a pause between the end of one send and the next.
// - An answer belongs to the request when it carries the id of one of the request's sends, or of an
//   earlier send for the same chat and anchor (a late answer is as good as a new one), or, when it
//   carries no id, when its chat is the requested chat in either form. Anything else that arrives
//   (late answers to other anchors, other chats, messages newer than the anchor) goes to
//   onUnsolicited, so it is stored, never lost.
// - The request names the chat in the form WhatsApp keyed the anchor under (the plugin sends it,
//   else the form the phone last used for the chat); when that times out and the chat has another
//   form, it is asked once more under the other.
// - The end of history is WhatsApp's marker on the conversation: 1 (nothing older exists) or 2 (the
//   rest is only on the phone; WhatsApp Web says "older messages can be viewed on your phone").
//   0 or no marker means more may remain. An empty answer is never the end: it is asked once more
//   and, if still empty, returned as an empty page that does not end the history.

import { CommandError } from './protocol.js';
import { classify, toEpochSeconds } from './normalize.js';
import { isLid, normalizeJid } from './jids.js';

export const ON_DEMAND = 6;
export const END_NO_MORE = 1;
export const END_ON_PHONE_ONLY = 2;
const MAX_SENDS_PER_PAGE = 3;
const REMEMBERED_SENDS = 500;

export class HistoryFetcher {
  #queue = Promise.resolve();
  #lastFinishedAt = 0;
  #inFlight = undefined;
  #cancelled = new Set();
  // session id -> {chat, anchorId} of recent sends, so a late answer can be placed.
  #sends = new Map();

  /**
   * @param connection  socket(): the open socket or undefined; refresh(): a fresh socket, resolved once open
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

  /** Whether a send with this session id came from this fetcher. */
  knowsSession(sessionId) {
    return !!sessionId && this.#sends.has(sessionId);
  }

  /**
   * An ON_DEMAND answer decoded from the phone's notification: complete, unfiltered.
   * @param answer {sessionId, chats: [{id, endOfHistoryTransferType, ...}], messages: [WAMessage]}
   */
  offerRaw(answer) {
    this.#offer(answer, 'raw');
  }

  /** An ON_DEMAND answer as Baileys' event buffer let it through: possibly filtered. */
  offerBuffered(answer) {
    this.#offer(answer, 'buffered');
  }

  #offer({ sessionId, chats = [], messages = [] }, source) {
    const pending = this.#inFlight;
    const placement = pending ? this.#place(pending, sessionId) : 'none';
    const leftover = [];
    if (placement !== 'none') {
      // A single conversation answering one of our sends is the requested chat, whatever form
      // it is keyed under: its LID is learnt. Nothing is inferred from merged or unplaced answers.
      const sole = chats.length === 1 ? normalizeJid(chats[0].id) : undefined;
      if (placement === 'session' && sole && isLid(sole) && !this.jids.knows(sole)) {
        this.jids.remember(sole, pending.request.chat);
        pending.aliases.add(sole);
      }
      let matched = false;
      for (const chat of chats) {
        const id = normalizeJid(chat.id);
        if (!pending.aliases.has(id)) continue;
        matched = true;
        pending.keyedAs = id;
        const type = chat.endOfHistoryTransferType;
        if (type !== undefined && type !== null) pending.endType = Number(type);
      }
      for (const raw of messages) {
        const jid = normalizeJid(raw?.key?.remoteJid);
        if (pending.aliases.has(jid)) {
          matched = true;
          pending.keyedAs ??= jid;
          pending.take(raw);
        } else {
          leftover.push(raw);
        }
      }
      if (matched || placement === 'session') {
        pending.chunkArrived(source);
      }
    } else {
      leftover.push(...messages);
    }
    if (leftover.length) {
      const found = [];
      const revisions = [];
      for (const raw of leftover) {
        const sorted = classify(raw, this.jids);
        if (sorted.message) found.push(sorted.message);
        revisions.push(...sorted.revisions);
      }
      this.onUnsolicited(found, revisions);
    }
  }

  // 'session': the answer carries the id of a send of this chat and anchor; 'chat': it carries no
  // id we can place, so its chat decides; 'none': it answers some other request.
  #place(pending, sessionId) {
    if (sessionId) {
      if (pending.sessionIds.has(sessionId)) return 'session';
      const send = this.#sends.get(sessionId);
      if (send) return send.chat === pending.request.chat && send.anchorId === pending.request.anchor.id ? 'session' : 'none';
      // An id we never sent (another process's request, or a socket that returns no ids): by chat.
      return 'chat';
    }
    return 'chat';
  }

  async #run(request) {
    if (this.#cancelled.delete(request.requestId)) {
      throw new CommandError('CANCELLED', 'The request was cancelled before it was sent.', true);
    }
    const forms = await this.#formsFor(request);
    let formIndex = 0;
    let sends = 0;
    let refreshed = false;
    let confirmed = false;
    while (true) {
      let answer;
      sends++;
      try {
        answer = await this.#attempt(request, forms[formIndex], sends);
      } catch (error) {
        if (error?.code === 'TIMEOUT' && formIndex + 1 < forms.length && sends < MAX_SENDS_PER_PAGE) {
          this.log.info({ requestId: request.requestId, chat: request.chat, askedAs: forms[formIndex], next: forms[formIndex + 1] },
            'no answer; asking again under the chat\'s other form');
          formIndex++;
          continue;
        }
        throw error;
      }
      if (answer.keyedAs) this.jids.noteKeyedAs(request.chat, answer.keyedAs);
      else if (answer.answered) this.jids.noteKeyedAs(request.chat, forms[formIndex]);
      const end = answer.endType === END_NO_MORE || answer.endType === END_ON_PHONE_ONLY;
      if (!end && answer.olderCount === 0 && sends < MAX_SENDS_PER_PAGE) {
        if (answer.filtered && !refreshed) {
          // Baileys' buffer drops what it already emitted on this socket; a fresh socket forgets.
          this.log.info({ requestId: request.requestId, chat: request.chat },
            'an empty answer that Baileys may have filtered; asking again on a fresh socket');
          refreshed = true;
          await this.#refresh();
          continue;
        }
        if (!answer.filtered && !confirmed) {
          this.log.info({ requestId: request.requestId, chat: request.chat }, 'an empty answer; asking once more');
          confirmed = true;
          continue;
        }
      }
      const messages = answer.messages.sort((a, b) => b.timestamp - a.timestamp || (a.id < b.id ? 1 : -1));
      return {
        requestId: request.requestId,
        chat: request.chat,
        messages: messages.slice(0, request.count),
        endOfHistory: end,
        endReason: answer.endType === END_NO_MORE ? 'endOfHistoryMarker'
          : answer.endType === END_ON_PHONE_ONLY ? 'onPhoneOnly' : undefined,
        emptyAnswer: !end && answer.olderCount === 0 ? true : undefined,
        askedAs: forms[formIndex],
        attempts: sends,
      };
    }
  }

  /** The chat forms to ask under, best first: the anchor's own, else the one the phone last used, then the other. */
  async #formsFor(request) {
    const socket = this.connection.socket();
    const given = request.anchor.remoteJid ? normalizeJid(request.anchor.remoteJid) : undefined;
    if (given && isLid(given) && !this.jids.knows(given)) {
      // The plugin filed this anchor under the chat; its key said the LID: the same person.
      this.jids.remember(given, request.chat);
    }
    const aliases = await this.jids.resolveAliases(request.chat, socket?.signalRepository?.lidMapping);
    const first = given && aliases.has(given) ? given : this.jids.keyedAs(request.chat) ?? request.chat;
    return [first, ...[...aliases].filter((form) => form !== first)];
  }

  async #refresh() {
    try {
      await this.connection.refresh();
    } catch (error) {
      throw error instanceof CommandError ? error
        : new CommandError('NOT_CONNECTED', `WhatsApp could not be reconnected: ${error?.message ?? error}`, true);
    }
  }

  async #attempt(request, form, sendNumber) {
    await this.#pause();
    if (this.#cancelled.delete(request.requestId)) {
      throw new CommandError('CANCELLED', 'The request was cancelled before it was sent.', true);
    }
    const socket = this.connection.socket();
    if (!socket) {
      throw new CommandError('NOT_CONNECTED', 'WhatsApp is not connected right now.', true);
    }
    const aliases = this.jids.aliases(request.chat);
    aliases.add(normalizeJid(form));
    try {
      return await new Promise((resolve, reject) => {
        const pending = this.#pendingFor(request, aliases, resolve, reject);
        this.#inFlight = pending;
        const anchor = request.anchor;
        const key = { remoteJid: form, fromMe: !!anchor.fromMe, id: anchor.id };
        if (anchor.participant) {
          key.participant = anchor.participant;
        }
        const timestamp = this.settings.timestampUnit === 'milliseconds' ? anchor.timestamp * 1000 : anchor.timestamp;
        this.log.info({ requestId: request.requestId, chat: request.chat, askedAs: form, anchor: anchor.id, send: sendNumber },
          'asking the phone for older history');
        Promise.resolve()
          .then(() => socket.fetchMessageHistory(request.count, key, timestamp))
          .then((sessionId) => {
            if (!sessionId) return;
            pending.sessionIds.add(sessionId);
            this.#sends.set(sessionId, { chat: request.chat, anchorId: anchor.id });
            if (this.#sends.size > REMEMBERED_SENDS) this.#sends.delete(this.#sends.keys().next().value);
          }, (error) => pending.fail(new CommandError('SEND_FAILED',
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
    let rawSeen = false;
    let bufferedSeen = false;
    const settle = () => {
      clearTimeout(quietTimer);
      clearTimeout(timeoutTimer);
      done = true;
    };
    const pending = {
      request,
      aliases,
      sessionIds: new Set(),
      endType: undefined,
      keyedAs: undefined,
      answered: false,
      take: (raw) => {
        const sorted = classify(raw, this.jids, request.chat);
        revisions.push(...sorted.revisions);
        const message = sorted.message;
        const older = message && (message.timestamp < anchor.timestamp
          || (message.timestamp === anchor.timestamp && message.id !== anchor.id));
        if (older) {
          if (!collected.has(message.id)) olderCount++;
          collected.set(message.id, message);
        } else if (message) {
          newer.push(message);
        } else if (toOlderRevision(raw, anchor)) {
          olderCount++;
        }
      },
      chunkArrived: (source) => {
        if (done) return;
        pending.answered = true;
        if (source === 'raw') rawSeen = true;
        else bufferedSeen = true;
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
      resolve({
        messages: [...collected.values()],
        olderCount,
        endType: pending.endType,
        keyedAs: pending.keyedAs,
        answered: pending.answered,
        // Only an answer seen solely through Baileys' filter can hide what it dropped.
        filtered: bufferedSeen && !rawSeen,
      });
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
