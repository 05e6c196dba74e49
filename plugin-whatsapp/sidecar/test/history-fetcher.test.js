// The HistoryFetcher's rules in-process, with a socket that records sends and answers that are
// handed in the two ways the sidecar receives them: decoded from the phone's notification (raw)
// or as Baileys' filtered event (buffered). The process-level scenarios (scenarios/) run the same
// rules through the real sidecar and Baileys' pipeline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryFetcher } from '../src/history.js';
import { JidBook } from '../src/jids.js';

const ALICE = '31611111111@s.whatsapp.net';
const ALICE_LID = '90011111111@lid';
const quiet = { info() {}, warn() {}, debug() {} };

function message(index, remoteJid = ALICE) {
  return { key: { remoteJid, fromMe: false, id: `M${index}` }, messageTimestamp: 1_600_000_000 + index, message: { conversation: `m${index}` } };
}

function messages(from, to, remoteJid) {
  const list = [];
  for (let index = to - 1; index >= from; index--) list.push(message(index, remoteJid));
  return list;
}

function anchor(index) {
  return { id: `M${index}`, fromMe: false, timestamp: 1_600_000_000 + index };
}

/** A socket whose phone answers each send through answer(send) (or not at all). */
function setup({ answer = () => undefined, lid = true, settings = {} } = {}) {
  const sends = [];
  const jids = new JidBook();
  if (lid) jids.remember(ALICE_LID, ALICE);
  const unsolicited = [];
  let fetcher;
  const socket = {
    signalRepository: undefined,
    async fetchMessageHistory(count, key) {
      const send = { n: sends.length + 1, count, chat: key.remoteJid, anchorId: key.id, sessionId: `S${sends.length + 1}` };
      sends.push(send);
      setTimeout(() => answer(send, fetcher), 5);
      return send.sessionId;
    },
  };
  const connection = { socket: () => socket, refreshes: 0, async refresh() { this.refreshes++; } };
  fetcher = new HistoryFetcher({
    connection,
    jids,
    settings: { pauseMs: 0, requestTimeoutMs: 300, quietPeriodMs: 20, timestampUnit: 'seconds', ...settings },
    log: quiet,
    onUnsolicited: (found) => unsolicited.push(...found),
    onRevisions: () => {},
  });
  return { fetcher, sends, unsolicited, connection, jids };
}

const request = (index, count = 50, extra = {}) => ({ requestId: `r${index}`, chat: ALICE, anchor: anchor(index), count, ...extra });

test('a raw answer with the end marker 1 ends the history; 2 ends it as "on the phone only"; 0 goes on', async () => {
  for (const [type, end, reason] of [[1, true, 'endOfHistoryMarker'], [2, true, 'onPhoneOnly'], [0, false, undefined]]) {
    const { fetcher } = setup({ answer: (send, f) => f.offerRaw({ sessionId: send.sessionId,
      chats: [{ id: ALICE, endOfHistoryTransferType: type }], messages: messages(0, 10) }) });
    const page = await fetcher.fetch(request(10));
    assert.equal(page.endOfHistory, end, `type ${type}`);
    assert.equal(page.endReason, reason);
    assert.equal(page.messages.length, 10);
  }
});

test('an empty raw answer is asked once more and then returned empty, never as the end', async () => {
  const { fetcher, sends } = setup({ answer: (send, f) => f.offerRaw({ sessionId: send.sessionId, chats: [], messages: [] }) });
  const page = await fetcher.fetch(request(10));
  assert.equal(sends.length, 2);
  assert.equal(page.endOfHistory, false);
  assert.equal(page.emptyAnswer, true);
  assert.equal(page.attempts, 2);
});

test('an empty filtered answer is asked again on a fresh socket, not confirmed on the same one', async () => {
  let calls = 0;
  const { fetcher, connection } = setup({ answer: (send, f) => {
    calls++;
    if (calls === 1) f.offerBuffered({ sessionId: send.sessionId, chats: [], messages: [] });
    else f.offerRaw({ sessionId: send.sessionId, chats: [{ id: ALICE, endOfHistoryTransferType: 0 }], messages: messages(0, 10) });
  } });
  const page = await fetcher.fetch(request(10));
  assert.equal(connection.refreshes, 1);
  assert.equal(page.messages.length, 10);
});

test('a late answer to an earlier send for the same anchor answers the retry; one for another anchor does not', async () => {
  let late;
  const { fetcher, unsolicited } = setup({
    settings: { requestTimeoutMs: 100 },
    answer: (send) => { if (send.n === 1) late = send; },
  });
  await assert.rejects(fetcher.fetch(request(50)), { code: 'TIMEOUT' });
  // The retry of anchor 50 is in flight when the first send's answer arrives.
  const retry = fetcher.fetch(request(50));
  await new Promise((resolve) => setTimeout(resolve, 30));
  fetcher.offerRaw({ sessionId: late.sessionId, chats: [{ id: ALICE, endOfHistoryTransferType: 0 }], messages: messages(0, 50) });
  const page = await retry;
  assert.equal(page.messages.length, 50);

  // An answer to the send for anchor 50 arriving while anchor 20 is asked belongs to nobody.
  const other = fetcher.fetch(request(20));
  await new Promise((resolve) => setTimeout(resolve, 30));
  fetcher.offerRaw({ sessionId: late.sessionId, chats: [{ id: ALICE, endOfHistoryTransferType: 1 }], messages: messages(0, 50) });
  await assert.rejects(other, { code: 'TIMEOUT' }, 'the end marker of another anchor\'s answer is not taken');
  assert.equal(unsolicited.length, 50, 'its messages are kept as history');
});

test('the request names the form the anchor was keyed under, and the other form after a timeout', async () => {
  const { fetcher, sends, jids } = setup({ answer: (send, f) => {
    if (send.chat !== ALICE_LID) return; // WhatsApp keys this chat by its LID
    f.offerRaw({ sessionId: send.sessionId, chats: [{ id: ALICE_LID, endOfHistoryTransferType: 0 }], messages: messages(0, 10, ALICE_LID) });
  } });
  const first = await fetcher.fetch(request(10, 50, { anchor: { ...anchor(10), remoteJid: ALICE_LID } }));
  assert.deepEqual(sends.map((send) => send.chat), [ALICE_LID]);
  assert.equal(first.askedAs, ALICE_LID);
  assert.ok(first.messages.every((m) => m.chat === ALICE), 'filed under the phone number');

  jids.noteKeyedAs(ALICE, ALICE); // as if live traffic had said otherwise
  const second = await fetcher.fetch(request(10));
  assert.deepEqual(sends.slice(1).map((send) => send.chat), [ALICE, ALICE_LID]);
  assert.equal(second.attempts, 2);
  assert.equal(jids.keyedAs(ALICE), ALICE_LID, 'the form that worked is remembered');
});

test('an unknown LID in an answer is learnt only when it is the answer\'s one conversation, placed by request id', async () => {
  const stranger = '90099999999@lid';
  const { fetcher, jids } = setup({ lid: false, answer: (send, f) => f.offerRaw({ sessionId: send.sessionId,
    chats: [{ id: ALICE_LID, endOfHistoryTransferType: 0 }, { id: stranger }],
    messages: [...messages(0, 5, ALICE_LID), message(99, stranger)] }) });
  const merged = await fetcher.fetch(request(10, 50, {}));
  assert.equal(merged.messages.length, 0, 'two conversations: nothing is guessed');
  assert.equal(jids.other(stranger), undefined);
  assert.equal(jids.other(ALICE_LID), undefined);

  const single = setup({ lid: false, answer: (send, f) => f.offerRaw({ sessionId: send.sessionId,
    chats: [{ id: ALICE_LID, endOfHistoryTransferType: 0 }], messages: messages(0, 5, ALICE_LID) }) });
  const page = await single.fetcher.fetch(request(10));
  assert.equal(page.messages.length, 5);
  assert.equal(single.jids.other(ALICE_LID), ALICE);
});

test('a page holds at most count messages, the newest first', async () => {
  const { fetcher } = setup({ answer: (send, f) => f.offerRaw({ sessionId: send.sessionId,
    chats: [{ id: ALICE, endOfHistoryTransferType: 0 }], messages: messages(0, 60) }) });
  const page = await fetcher.fetch(request(60, 20));
  assert.deepEqual(page.messages.map((m) => m.id), Array.from({ length: 20 }, (_, i) => `M${59 - i}`));
});
