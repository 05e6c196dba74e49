// Pairing, the connection's life, and what the sidecar forwards unasked, through the real sidecar
// process and the simulated phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { ALICE, SidecarUnderTest } from '../testing/harness.js';

test('QR codes rotate in order, the first living 60 s and the later ones 20 s, then pairing times out', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, qr: { codes: ['QR-A', 'QR-B', 'QR-C'], intervalMs: 20 } });
  await sidecar.start();
  await sidecar.waitForEvent('connection', (event) => event.state === 'pairingTimedOut');
  const codes = sidecar.eventsNamed('qr');
  assert.deepEqual(codes.map((event) => event.qr), ['QR-A', 'QR-B', 'QR-C']);
  assert.deepEqual(codes.map((event) => event.expiresInMs), [60000, 20000, 20000]);
  const reply = await sidecar.send('fetchHistory', { requestId: 'r1', chat: ALICE.jid, anchor: { id: 'X', fromMe: false, timestamp: 1 }, count: 50 });
  assert.equal(reply.error.code, 'NOT_PAIRED');
  await sidecar.stop();
});

test('scanning a QR code pairs, restarts the socket as WhatsApp requires, and opens', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, qr: { codes: ['QR-A', 'QR-B'], intervalMs: 20, scanAfter: 2 } });
  await sidecar.start();
  await sidecar.waitForEvent('connection', (event) => event.state === 'reconnecting' && event.reason === 'restartRequired');
  const open = await sidecar.waitForOpen();
  assert.equal(open.me, '15550000001:2@s.whatsapp.net');
  assert.ok(readdirSync(sidecar.authDir).includes('creds.json'), 'the link is saved');
  await sidecar.stop();
});

test('the auth folder and its files are readable by their owner only', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, qr: { codes: ['QR-A'], intervalMs: 20, scanAfter: 1 } });
  await sidecar.start();
  await sidecar.waitForOpen();
  assert.equal(statSync(sidecar.authDir).mode & 0o077, 0);
  assert.equal(statSync(`${sidecar.authDir}/creds.json`).mode & 0o077, 0);
  await sidecar.stop();
});

test('pairing by phone number shows the pairing code instead of QR codes', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, pairingCode: { code: 'WXYZ1234', acceptAfterMs: 30 } });
  await sidecar.start({ pairing: { mode: 'code', phone: '+31 6 1234 5678' } });
  const event = await sidecar.waitForEvent('pairingCode');
  assert.equal(event.code, 'WXYZ1234');
  assert.equal(sidecar.eventsNamed('qr').length, 0);
  assert.equal(sidecar.journal()[0].pairingCodeFor, '31612345678');
  await sidecar.waitForOpen();
  await sidecar.stop();
});

test('pairing by code without a usable phone number is refused with a sentence', async () => {
  const sidecar = new SidecarUnderTest({ paired: false });
  await sidecar.send('hello', { protocol: 1 });
  const reply = await sidecar.send('connect', { authDir: sidecar.authDir, pairing: { mode: 'code', phone: 'abc' } });
  assert.equal(reply.error.code, 'BAD_REQUEST');
  assert.match(reply.error.message, /country code/);
  await sidecar.stop();
});

test('a connection replaced by another program is not fought over', async () => {
  const sidecar = new SidecarUnderTest({ paired: true, chats: [ALICE], script: { 1: { action: 'disconnect', code: 440 } } });
  await sidecar.start();
  await sidecar.waitForOpen();
  const reply = await sidecar.send('fetchHistory', { requestId: 'r1', chat: ALICE.jid, anchor: { id: 'M000100', fromMe: false, timestamp: 1_600_006_000 }, count: 50 });
  assert.equal(reply.error.code, 'DISCONNECTED');
  await sidecar.waitForEvent('connection', (event) => event.state === 'replaced');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(sidecar.eventsNamed('connection').filter((event) => event.state === 'open').length, 1, 'no reconnect');
  await sidecar.stop();
});

test('logout unlinks the device and deletes the auth state', async () => {
  const sidecar = new SidecarUnderTest({ paired: true });
  await sidecar.start();
  await sidecar.waitForOpen();
  assert.equal((await sidecar.send('logout')).ok, true);
  await sidecar.waitForEvent('connection', (event) => event.state === 'loggedOut');
  assert.deepEqual(readdirSync(sidecar.authDir), []);
  await sidecar.stop();
});

test('history pushed at pairing is forwarded with the chats and their names', async () => {
  const sidecar = new SidecarUnderTest({ paired: true, chats: [ALICE], pushOnFirstConnect: { messagesPerChat: 3 } });
  await sidecar.start();
  const pushed = await sidecar.waitForEvent('history', (event) => event.syncType === 'initialBootstrap');
  assert.deepEqual(pushed.messages.map((message) => message.id), ['M000119', 'M000118', 'M000117']);
  const chats = await sidecar.waitForEvent('chats');
  assert.deepEqual(chats.chats[0], { id: ALICE.jid, name: 'Alice', group: false, lastActivity: 1_600_000_000 + 119 * 60 });
  await sidecar.stop();
});

test('live messages, edits, deletions and reactions are forwarded, revisions apart from messages', async () => {
  const key = { remoteJid: ALICE.lid, fromMe: false, id: 'LIVE1' };
  const sidecar = new SidecarUnderTest({
    paired: true,
    chats: [ALICE],
    afterOpen: [
      { event: 'lid-mapping.update', data: { lid: ALICE.lid, pn: ALICE.jid } },
      { event: 'messages.upsert', data: { type: 'notify', messages: [{ key, messageTimestamp: 1_700_000_000, message: { conversation: 'hi' } }] } },
      { event: 'messages.upsert', data: { type: 'notify', messages: [{ key: { ...key, id: 'EDIT1' }, messageTimestamp: 1_700_000_010,
        message: { protocolMessage: { type: 14, key, editedMessage: { conversation: 'hi there' } } } }] } },
      { event: 'messages.update', data: [{ key, update: { messageStubType: 1 } }] },
      { event: 'messages.reaction', data: [{ key, reaction: { key: { remoteJid: ALICE.jid, fromMe: true, id: 'R1' }, text: '👍', senderTimestampMs: 1_700_000_020_000 } }] },
    ],
  });
  await sidecar.start();
  const live = await sidecar.waitForEvent('messages');
  assert.equal(live.kind, 'live');
  assert.deepEqual(live.messages.map((m) => [m.id, m.chat, m.text]), [['LIVE1', ALICE.jid, 'hi']]);
  await sidecar.waitForEvent('revisions', (event) => event.revisions.some((r) => r.kind === 'reaction'));
  const revisions = sidecar.eventsNamed('revisions').flatMap((event) => event.revisions);
  assert.deepEqual(revisions.map((r) => [r.kind, r.chat, r.messageId, r.value]), [
    ['edited', ALICE.jid, 'LIVE1', 'hi there'],
    ['deleted', ALICE.jid, 'LIVE1', ''],
    ['reaction', ALICE.jid, 'LIVE1', '👍'],
  ]);
  assert.equal(revisions[2].actor, 'me');
  assert.equal(revisions[2].timestamp, 1_700_000_020);
  await sidecar.stop();
});

test('a line that is not a command is reported and the sidecar keeps serving', async () => {
  const sidecar = new SidecarUnderTest({ paired: true });
  sidecar.process.stdin.write('this is not json\n');
  const error = await sidecar.waitForEvent('error');
  assert.match(error.message, /not a command/);
  assert.equal((await sidecar.send('hello', { protocol: 1 })).ok, true);
  await sidecar.stop();
});

test('shutdown answers and ends the process cleanly', async () => {
  const sidecar = new SidecarUnderTest({ paired: true });
  await sidecar.start();
  await sidecar.waitForOpen();
  assert.equal((await sidecar.send('shutdown')).ok, true);
  assert.equal(await sidecar.exited, 0);
});
