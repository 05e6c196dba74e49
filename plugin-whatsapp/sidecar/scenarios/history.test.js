// On-demand history through the real sidecar process and the stand-in phone, whose answers pass
// through the installed Baileys' own pipeline (proto.HistorySync, processMessage ->
// processHistoryMessage, the event buffer with its per-socket memory): every false end of history
// the first round had is a scenario here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ALICE, SidecarUnderTest, anchorAt, anchorOf, pageBack } from '../testing/harness.js';

async function pagedSidecar(phone = {}, connect = {}, options = {}) {
  const sidecar = new SidecarUnderTest({ paired: true, chats: [ALICE], ...phone }, options);
  await sidecar.start(connect);
  await sidecar.waitForOpen();
  return sidecar;
}

function fetchPage(sidecar, requestId, anchor, chat = ALICE.jid, count = 50) {
  return sidecar.send('fetchHistory', { requestId, chat, anchor, count });
}

function idsBetween(chat, fromInclusive, toExclusive) {
  const ids = [];
  for (let index = toExclusive - 1; index >= fromInclusive; index--) ids.push(anchorAt(chat, index).id);
  return ids;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('hello answers with the protocol version and the socket in use', async () => {
  const sidecar = new SidecarUnderTest({ paired: true });
  const { hello } = await sidecar.start();
  assert.equal(hello.ok, true);
  assert.equal(hello.data.protocol, 1);
  assert.equal(hello.data.socket, 'fake-phone');
  await sidecar.stop();
});

test('hello with another protocol version is refused with a sentence', async () => {
  const sidecar = new SidecarUnderTest({ paired: true });
  const reply = await sidecar.send('hello', { protocol: 99 });
  assert.equal(reply.ok, false);
  assert.equal(reply.error.code, 'PROTOCOL_MISMATCH');
  assert.equal(reply.error.retryable, false);
  await sidecar.stop();
});

test('paging from the newest message reaches the end marker with every older message once', async () => {
  const sidecar = await pagedSidecar();
  const { replies, ids, last } = await pageBack(sidecar, ALICE.jid, anchorAt(ALICE, ALICE.count - 1));
  assert.ok(replies.every((reply) => reply.ok), JSON.stringify(replies.find((reply) => !reply.ok)));
  for (const reply of replies) {
    assert.equal(reply.data.attempts, 1, 'one send per page');
    assert.ok(reply.data.messages.every((message) => message.chat === ALICE.jid));
  }
  assert.equal(replies.length, 3);
  assert.equal(last.data.endReason, 'endOfHistoryMarker');
  assert.deepEqual(ids, idsBetween(ALICE, 0, ALICE.count - 1));
  await sidecar.stop();
});

test('a late answer followed by the host\'s retry of the same anchor still brings the 50 older messages', async () => {
  // The first round lost these: Baileys' buffer had emitted the late answer's messages, so the
  // retry's answer came through it empty and the page was taken for the end of history.
  const sidecar = await pagedSidecar({ script: { 1: { action: 'late', lateMs: 3000 }, 2: { action: 'silent' } } },
    { requestTimeoutMs: 500 });
  const timedOut = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(timedOut.error.code, 'TIMEOUT');
  const late = await sidecar.waitForEvent('history', (event) => event.syncType === 'onDemand');
  assert.deepEqual(late.messages.map((message) => message.id), idsBetween(ALICE, 50, 100), 'the late answer is kept');
  const retry = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 100));
  assert.equal(retry.ok, true, JSON.stringify(retry.error));
  assert.deepEqual(retry.data.messages.map((message) => message.id), idsBetween(ALICE, 50, 100));
  assert.equal(retry.data.endOfHistory, false);
  const rest = await pageBack(sidecar, ALICE.jid, anchorOf(retry.data.messages.at(-1)), { prefix: 'p' });
  assert.equal(rest.last.data.endReason, 'endOfHistoryMarker');
  assert.deepEqual(rest.ids, idsBetween(ALICE, 0, 50));
  await sidecar.stop();
});

test('a FULL push merged by Baileys into the answer it precedes loses nothing either', async () => {
  const sidecar = await pagedSidecar({ script: { 2: { pushFull: { count: 60, leadMs: 0 } } } });
  const { ids, last } = await pageBack(sidecar, ALICE.jid, anchorAt(ALICE, ALICE.count - 1));
  assert.equal(last.data.endReason, 'endOfHistoryMarker');
  assert.deepEqual(ids, idsBetween(ALICE, 0, ALICE.count - 1));
  await sidecar.stop();
});

test('a FULL push landing between two pages does not end the chat early', async () => {
  // Right after pairing the phone keeps pushing history; Baileys' buffer then drops the chat and
  // the pushed messages from the next on-demand answer.
  const sidecar = await pagedSidecar({ script: { 2: { pushFull: { count: 60 } } } });
  const { replies, ids, last } = await pageBack(sidecar, ALICE.jid, anchorAt(ALICE, ALICE.count - 1));
  const full = sidecar.eventsNamed('history').filter((event) => event.syncType === 'full');
  assert.ok(full.length > 0, 'the FULL push was forwarded as history (the host stores it too)');
  assert.ok(replies.every((reply) => reply.ok));
  assert.equal(last.data.endReason, 'endOfHistoryMarker');
  assert.deepEqual(ids, idsBetween(ALICE, 0, ALICE.count - 1), 'every older message arrived in a page, once');
  await sidecar.stop();
});

test('cancel, then resume in the same process, loses nothing', async () => {
  const sidecar = await pagedSidecar({ script: { 2: { action: 'late', lateMs: 300 } } }, { requestTimeoutMs: 5000 });
  const first = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 119));
  const anchor = anchorOf(first.data.messages.at(-1));
  const pending = fetchPage(sidecar, 'r2', anchor);
  await pause(60);
  await sidecar.send('cancel', { requestId: 'r2' });
  assert.equal((await pending).error.code, 'CANCELLED');
  await sidecar.waitForEvent('history', (event) => event.syncType === 'onDemand');
  const rest = await pageBack(sidecar, ALICE.jid, anchor, { prefix: 'resume' });
  assert.equal(rest.last.data.endReason, 'endOfHistoryMarker');
  assert.deepEqual([...first.data.messages.map((m) => m.id), ...rest.ids], idsBetween(ALICE, 0, 119));
  await sidecar.stop();
});

test('a restarted sidecar resumes paging on the same link from the host\'s anchor', async () => {
  const first = await pagedSidecar();
  const page = await fetchPage(first, 'r1', anchorAt(ALICE, 119));
  await first.stop();
  const second = new SidecarUnderTest({ paired: true, chats: [ALICE] }, { folder: first.folder });
  await second.start();
  await second.waitForOpen();
  const rest = await pageBack(second, ALICE.jid, anchorOf(page.data.messages.at(-1)));
  assert.equal(rest.last.data.endReason, 'endOfHistoryMarker');
  assert.deepEqual([...page.data.messages.map((m) => m.id), ...rest.ids], idsBetween(ALICE, 0, 119));
  await second.stop();
});

test('on a socket that delivers only Baileys\' filtered events, a filtered empty answer is asked again on a fresh socket', async () => {
  const sidecar = await pagedSidecar({ rawNotifications: false, script: { 2: { pushFull: { count: 60 } } } });
  const { replies, ids, last } = await pageBack(sidecar, ALICE.jid, anchorAt(ALICE, ALICE.count - 1));
  assert.ok(replies.every((reply) => reply.ok), JSON.stringify(replies.map((reply) => reply.error ?? reply.data.attempts)));
  assert.equal(last.data.endReason, 'endOfHistoryMarker');
  const stored = new Set([...ids, ...sidecar.eventsNamed('history').flatMap((event) => event.messages.map((m) => m.id))]);
  for (const id of idsBetween(ALICE, 0, ALICE.count - 1)) assert.ok(stored.has(id), `${id} reached the host`);
  assert.ok(sidecar.sockets().length >= 2, 'a fresh socket was opened');
  await sidecar.stop();
});

test('when the notification\'s blob cannot be downloaded twice, Baileys\' own copy of the answer is used', async () => {
  const sidecar = await pagedSidecar({ blobDownloads: 1 });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.deepEqual(reply.data.messages.map((message) => message.id), idsBetween(ALICE, 50, 100));
  assert.ok(sidecar.journal().some((entry) => entry.download && entry.found === false), 'the second download was refused');
  await sidecar.stop();
});

test('the end marker 2 ends the history with its own reason: the rest is only on the phone', async () => {
  const chat = { ...ALICE, onPhoneOnlyBefore: 40 };
  const sidecar = await pagedSidecar({ chats: [chat] });
  const { ids, last } = await pageBack(sidecar, chat.jid, anchorAt(chat, 119));
  assert.equal(last.data.endOfHistory, true);
  assert.equal(last.data.endReason, 'onPhoneOnly');
  assert.deepEqual(ids, idsBetween(chat, 40, 119));
  await sidecar.stop();
});

test('a chat WhatsApp keys by LID is asked under its LID, as the anchor was keyed', async () => {
  const chat = { ...ALICE, addressing: 'lid' };
  const sidecar = await pagedSidecar({ chats: [chat] });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(chat, 100, chat.lid));
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  assert.equal(reply.data.askedAs, chat.lid);
  assert.ok(reply.data.messages.every((message) => message.chat === chat.jid), 'filed under the phone number');
  assert.equal(reply.data.messages[0].raw.key.remoteJid, chat.lid, 'the raw record keeps the form WhatsApp used');
  assert.deepEqual(sidecar.requests().map((request) => request.chat), [chat.lid]);
  await sidecar.stop();
});

test('a request the phone ignores under one form is asked once more under the other, which is then remembered', async () => {
  const chat = { ...ALICE, addressing: 'lid' };
  const sidecar = await pagedSidecar({ chats: [chat] }, { requestTimeoutMs: 1500 });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(chat, 100));
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  assert.equal(reply.data.attempts, 2);
  assert.deepEqual(sidecar.requests().map((request) => [request.chat, request.understood]), [[chat.jid, false], [chat.lid, true]]);
  const next = await fetchPage(sidecar, 'r2', { ...anchorAt(chat, 50) });
  assert.equal(next.data.attempts, 1, 'the next page goes out under the LID at once');
  await sidecar.stop();
});

test('a reply keyed by the LID of a phone-number request, without request id, still answers it', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { keyedBy: 'lid', sessionId: false } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  assert.equal(reply.data.messages.length, 50);
  assert.ok(reply.data.messages.every((message) => message.chat === ALICE.jid), 'filed under the phone-number form');
  assert.equal(sidecar.requests()[0].chat, ALICE.jid, 'the request itself went out under the phone-number form');
  await sidecar.stop();
});

test('a reply keyed by a LID nobody mapped yet is placed by its request id, and the LID is learnt', async () => {
  // The answer names the chat by a LID and says nothing of its phone number; Baileys' LID store
  // does not know it either. Only the request id ties it to the request.
  const sidecar = await pagedSidecar({ lidStoreKnowsPairs: false,
    script: { 1: { keyedBy: 'lid', bareIds: true }, 2: { keyedBy: 'lid', bareIds: true, sessionId: false } } });
  const first = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(first.data.messages.length, 50);
  assert.ok(first.data.messages.every((message) => message.chat === ALICE.jid));
  const second = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 50));
  assert.equal(second.data.messages.length, 50, 'the learnt LID matches even without a request id');
  await sidecar.stop();
});

test('another chat merged into the answer is not filed under the requested chat', async () => {
  const BOB = { jid: '31622222222@s.whatsapp.net', lid: '90022222222@lid', name: 'Bob', count: 10, idPrefix: 'B' };
  const sidecar = await pagedSidecar({ chats: [ALICE, BOB], script: { 1: { withOtherChat: BOB.jid } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.data.messages.length, 50);
  assert.ok(reply.data.messages.every((message) => message.id.startsWith('M')));
  const stray = await sidecar.waitForEvent('history', (event) => event.syncType === 'onDemand');
  assert.deepEqual(stray.messages.map((message) => [message.id, message.chat]),
    [['B000009', BOB.jid], ['B000008', BOB.jid], ['B000007', BOB.jid]]);
  await sidecar.stop();
});

test('a reply split in two notifications comes back as one page', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'split' } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.deepEqual(reply.data.messages.map((m) => m.id), idsBetween(ALICE, 50, 100));
  assert.equal(reply.data.endOfHistory, false);
  await sidecar.stop();
});

test('an empty reply is asked again before it is believed, and the second answer counts', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'empty', endMarker: false } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.data.messages.length, 50);
  assert.equal(reply.data.endOfHistory, false);
  assert.equal(reply.data.attempts, 2);
  const requests = sidecar.requests();
  assert.equal(requests.length, 2);
  assert.equal(requests[1].anchorId, requests[0].anchorId, 'the confirming retry uses the same anchor');
  await sidecar.stop();
});

test('two empty replies in a row are an empty page, never the end of history', async () => {
  const sidecar = await pagedSidecar({
    script: { 1: { action: 'empty', endMarker: false }, 2: { action: 'empty', endMarker: false } },
  });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.data.messages.length, 0);
  assert.equal(reply.data.endOfHistory, false);
  assert.equal(reply.data.emptyAnswer, true);
  await sidecar.stop();
});

test('no reply at all is a retryable timeout, never the end of history', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'silent' }, 2: { action: 'silent' } } }, { requestTimeoutMs: 500 });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.ok, false);
  assert.equal(reply.error.code, 'TIMEOUT');
  assert.equal(reply.error.retryable, true);
  const again = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 100));
  assert.equal(again.data.messages.length, 50, 'the next request is answered');
  await sidecar.stop();
});

test('a disconnect while a request waits fails it as retryable, and the link comes back', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'disconnect', code: 428 } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.error.code, 'DISCONNECTED');
  assert.equal(reply.error.retryable, true);
  await sidecar.waitForEvent('connection', (event) => event.state === 'reconnecting' && event.reason === 'connectionClosed');
  await sidecar.waitForEvent('connection', (event) => event.state === 'open' && sidecar.eventsNamed('connection').indexOf(event) > 2);
  const again = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 100));
  assert.equal(again.data.messages.length, 50);
  assert.equal(sidecar.requests()[1].socket, 2, 'the second request went through a new socket');
  await sidecar.stop();
});

test('being logged out from the phone fails the request for good and deletes the auth state', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'logout' } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.error.code, 'LOGGED_OUT');
  assert.equal(reply.error.retryable, false);
  await sidecar.waitForEvent('connection', (event) => event.state === 'loggedOut');
  await pause(300);
  assert.deepEqual(readdirSync(sidecar.authDir), []);
  const after = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 100));
  assert.equal(after.error.code, 'LOGGED_OUT');
  await sidecar.stop();
});

test('requests wait for each other: one in flight at a time', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'silent' }, 2: { action: 'silent' } } },
    { pauseMs: 300, requestTimeoutMs: 1500 });
  const first = fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  const second = fetchPage(sidecar, 'r2', anchorAt(ALICE, 60));
  const firstReply = await first;
  assert.equal(firstReply.error.code, 'TIMEOUT');
  assert.equal(sidecar.requests().length, 2, 'only the first request\'s two sends (one per form) went out while it waited');
  assert.ok(sidecar.requests().every((request) => request.anchorId === anchorAt(ALICE, 100).id));
  const secondReply = await second;
  assert.equal(secondReply.data.messages.length, 50);
  await sidecar.stop();
});

test('timestamps come out as plain seconds, in the page and in the raw record', async () => {
  const sidecar = await pagedSidecar();
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  const newest = reply.data.messages[0];
  assert.equal(newest.timestamp, anchorAt(ALICE, 99).timestamp);
  assert.equal(newest.raw.messageTimestamp, anchorAt(ALICE, 99).timestamp);
  await sidecar.stop();
});

test('the anchor timestamp goes out in the configured unit', async () => {
  const chat = { ...ALICE, timestampUnit: 'milliseconds' };
  const inSeconds = await pagedSidecar({ chats: [chat] });
  assert.equal((await fetchPage(inSeconds, 'r1', anchorAt(chat, 100))).error.code, 'TIMEOUT');
  await inSeconds.stop();
  const inMilliseconds = await pagedSidecar({ chats: [chat] }, { timestampUnit: 'milliseconds' });
  const reply = await fetchPage(inMilliseconds, 'r1', anchorAt(chat, 100));
  assert.equal(reply.data.messages.length, 50);
  assert.equal(inMilliseconds.requests()[0].timestamp, anchorAt(chat, 100).timestamp * 1000);
  await inMilliseconds.stop();
});

test('a page never holds more than the count asked for', async () => {
  const sidecar = await pagedSidecar();
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100), ALICE.jid, 20);
  assert.deepEqual(reply.data.messages.map((m) => m.id), idsBetween(ALICE, 80, 100));
  await sidecar.stop();
});

test('a request without an anchor is refused with a sentence saying why', async () => {
  const sidecar = await pagedSidecar();
  const reply = await sidecar.send('fetchHistory', { requestId: 'r1', chat: ALICE.jid, count: 50 });
  assert.equal(reply.error.code, 'NO_ANCHOR');
  assert.equal(reply.error.retryable, false);
  assert.match(reply.error.message, /no stored message/);
  assert.equal(sidecar.requests().length, 0);
  await sidecar.stop();
});

test('a request for more than 50 messages is refused', async () => {
  const sidecar = await pagedSidecar();
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100), ALICE.jid, 51);
  assert.equal(reply.error.code, 'BAD_REQUEST');
  await sidecar.stop();
});
