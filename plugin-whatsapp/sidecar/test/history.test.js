// On-demand history through the real sidecar process and the simulated phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ALICE, SidecarUnderTest, anchorAt } from '../testing/harness.js';

async function pagedSidecar(phone = {}, connect = {}) {
  const sidecar = new SidecarUnderTest({ paired: true, chats: [ALICE], ...phone });
  await sidecar.start(connect);
  await sidecar.waitForOpen();
  return sidecar;
}

function fetchPage(sidecar, requestId, anchor, chat = ALICE.jid, count = 50) {
  return sidecar.send('fetchHistory', { requestId, chat, anchor, count });
}

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
  const seen = [];
  let anchor = anchorAt(ALICE, ALICE.count - 1);
  let page;
  let requests = 0;
  do {
    const reply = await fetchPage(sidecar, `r${++requests}`, anchor);
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
    page = reply.data;
    for (const message of page.messages) {
      assert.ok(message.timestamp < anchor.timestamp, 'only messages strictly older than the anchor');
      assert.equal(message.chat, ALICE.jid);
      seen.push(message.id);
    }
    const oldest = page.messages.at(-1);
    anchor = { id: oldest.id, fromMe: oldest.fromMe, timestamp: oldest.timestamp };
  } while (!page.endOfHistory);
  assert.equal(requests, 3);
  assert.equal(page.endReason, 'endOfHistoryMarker');
  assert.equal(new Set(seen).size, ALICE.count - 1);
  assert.equal(seen.length, ALICE.count - 1);
  await sidecar.stop();
});

test('a reply keyed by the LID of a phone-number request, without request id, still answers it', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { keyedBy: 'lid', sessionId: false } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  assert.equal(reply.data.messages.length, 50);
  assert.ok(reply.data.messages.every((message) => message.chat === ALICE.jid), 'filed under the phone-number form');
  assert.equal(sidecar.journal()[0].chat, ALICE.jid, 'the request itself went out under the phone-number form');
  await sidecar.stop();
});

test('a reply keyed by a LID nobody mapped yet is placed by its request id, and the LID is learnt', async () => {
  const sidecar = await pagedSidecar({ lidStoreKnowsPairs: false, script: { 1: { keyedBy: 'lid' }, 2: { keyedBy: 'lid', sessionId: false } } });
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

test('a reply split in two chunks comes back as one page', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'split' } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.data.messages.length, 50);
  assert.deepEqual(reply.data.messages.map((m) => m.id), Array.from({ length: 50 }, (_, i) => anchorAt(ALICE, 99 - i).id));
  assert.equal(reply.data.endOfHistory, false);
  await sidecar.stop();
});

test('an empty reply is asked again before it is believed, and the second answer counts', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'empty', endMarker: false } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.data.messages.length, 50);
  assert.equal(reply.data.endOfHistory, false);
  const journal = sidecar.journal();
  assert.equal(journal.length, 2);
  assert.equal(journal[1].anchorId, journal[0].anchorId, 'the confirming retry uses the same anchor');
  await sidecar.stop();
});

test('two empty replies in a row end the history', async () => {
  const sidecar = await pagedSidecar({
    script: { 1: { action: 'empty', endMarker: false }, 2: { action: 'empty', endMarker: false } },
  });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.data.messages.length, 0);
  assert.equal(reply.data.endOfHistory, true);
  assert.equal(reply.data.endReason, 'noOlderMessagesTwice');
  await sidecar.stop();
});

test('no reply at all is a retryable timeout, never the end of history', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'silent' } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.ok, false);
  assert.equal(reply.error.code, 'TIMEOUT');
  assert.equal(reply.error.retryable, true);
  const again = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 100));
  assert.equal(again.data.messages.length, 50, 'the next request is answered');
  await sidecar.stop();
});

test('a reply that comes after its timeout is handed over as history, not lost', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'late', lateMs: 600 } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.error.code, 'TIMEOUT');
  const late = await sidecar.waitForEvent('history', (event) => event.syncType === 'onDemand');
  assert.equal(late.messages.length, 50);
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
  assert.equal(sidecar.journal()[1].socket, 2, 'the second request went through a new socket');
  await sidecar.stop();
});

test('being logged out from the phone fails the request for good and deletes the auth state', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'logout' } } });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  assert.equal(reply.error.code, 'LOGGED_OUT');
  assert.equal(reply.error.retryable, false);
  await sidecar.waitForEvent('connection', (event) => event.state === 'loggedOut');
  assert.deepEqual(readdirSync(sidecar.authDir), []);
  const after = await fetchPage(sidecar, 'r2', anchorAt(ALICE, 100));
  assert.equal(after.error.code, 'LOGGED_OUT');
  await sidecar.stop();
});

test('requests wait for each other: one in flight at a time', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'silent' } } }, { pauseMs: 300 });
  const first = fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  const second = fetchPage(sidecar, 'r2', anchorAt(ALICE, 60));
  const firstReply = await first;
  assert.equal(firstReply.error.code, 'TIMEOUT');
  assert.equal(sidecar.journal().length, 1, 'the second request was not sent while the first waited');
  const secondReply = await second;
  assert.equal(secondReply.data.messages.length, 50);
  await sidecar.stop();
});

test('a cancelled request fails at once and its late answer is kept as history', async () => {
  const sidecar = await pagedSidecar({ script: { 1: { action: 'late', lateMs: 200 } } }, { requestTimeoutMs: 5000 });
  const pending = fetchPage(sidecar, 'r1', anchorAt(ALICE, 100));
  await new Promise((resolve) => setTimeout(resolve, 50));
  await sidecar.send('cancel', { requestId: 'r1' });
  assert.equal((await pending).error.code, 'CANCELLED');
  const late = await sidecar.waitForEvent('history', (event) => event.syncType === 'onDemand');
  assert.equal(late.messages.length, 50);
  await sidecar.stop();
});

test('Long timestamps come out as plain seconds', async () => {
  const chat = { ...ALICE, longTimestamps: true };
  const sidecar = await pagedSidecar({ chats: [chat] });
  const reply = await fetchPage(sidecar, 'r1', anchorAt(chat, 100));
  const newest = reply.data.messages[0];
  assert.equal(newest.timestamp, anchorAt(chat, 99).timestamp);
  assert.equal(newest.raw.messageTimestamp, anchorAt(chat, 99).timestamp);
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
  assert.equal(inMilliseconds.journal()[0].timestamp, anchorAt(chat, 100).timestamp * 1000);
  await inMilliseconds.stop();
});

test('a request without an anchor is refused with a sentence saying why', async () => {
  const sidecar = await pagedSidecar();
  const reply = await sidecar.send('fetchHistory', { requestId: 'r1', chat: ALICE.jid, count: 50 });
  assert.equal(reply.error.code, 'NO_ANCHOR');
  assert.equal(reply.error.retryable, false);
  assert.match(reply.error.message, /no stored message/);
  assert.equal(sidecar.journal().length, 0);
  await sidecar.stop();
});

test('a request for more than 50 messages is refused', async () => {
  const sidecar = await pagedSidecar();
  const reply = await fetchPage(sidecar, 'r1', anchorAt(ALICE, 100), ALICE.jid, 51);
  assert.equal(reply.error.code, 'BAD_REQUEST');
  await sidecar.stop();
});
