// Pairing, the connection's life, and what the sidecar forwards unasked, through the real sidecar
// process and the stand-in phone (testing/fake-phone.js, on the installed Baileys' event buffer and
// message processing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  await sidecar.waitForFile(join(sidecar.authDir, 'creds.json'));
  assert.equal(JSON.parse(readFileSync(join(sidecar.authDir, 'creds.json'), 'utf8')).registered, true, 'the link is saved');
  await sidecar.stop();
});

test('the auth folder and its files are readable by their owner only', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, qr: { codes: ['QR-A'], intervalMs: 20, scanAfter: 1 } });
  await sidecar.start();
  await sidecar.waitForOpen();
  await sidecar.waitForFile(`${sidecar.authDir}/creds.json`);
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
  assert.equal(sidecar.journal().find((entry) => entry.pairingCodeFor).pairingCodeFor, '31612345678');
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

test('with no route to WhatsApp the state says so, with the cause, and no pairing prompt; it keeps trying', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, unreachable: { sockets: 2, code: 'ENOTFOUND' },
    qr: { codes: ['QR-A'], intervalMs: 20 } });
  await sidecar.start();
  const unreachable = await sidecar.waitForEvent('connection', (event) => event.state === 'unreachable');
  assert.match(unreachable.cause, /ENOTFOUND/);
  assert.ok(unreachable.retryInMs > 0);
  assert.equal(sidecar.eventsNamed('connection').filter((event) => event.state === 'pairingTimedOut').length, 0);
  const qr = await sidecar.waitForEvent('qr');
  assert.equal(qr.qr, 'QR-A', 'once WhatsApp is reachable the QR code comes');
  assert.match(sidecar.stderr, /cannot be reached/);
  const reply = await sidecar.send('status');
  assert.equal(reply.ok, true);
  await sidecar.stop();
});

test('WhatsApp refusing the client version (405) is its own state, after one try with a looked-up version', async () => {
  const refused = new SidecarUnderTest({ paired: true, minimumVersion: '2.9999.0' });
  await refused.start();
  const outdated = await refused.waitForEvent('connection', (event) => event.state === 'outdated');
  assert.equal(outdated.code, 405);
  assert.match(outdated.version, /^2\.3000\.\d+$/);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(refused.sockets().length, 1, 'no reconnect loop');
  const reply = await refused.send('fetchHistory', { requestId: 'r1', chat: ALICE.jid, anchor: { id: 'X', fromMe: false, timestamp: 1 }, count: 50 });
  assert.equal(reply.error.code, 'OUTDATED');
  await refused.stop();

  const updated = new SidecarUnderTest({ paired: true, minimumVersion: '2.9999.0', latestVersion: '2.9999.7' });
  await updated.start();
  const open = await updated.waitForOpen();
  assert.equal(open.version, '2.9999.7');
  assert.deepEqual(updated.sockets().map((socket) => socket.version), ['2.9999.7']);
  await updated.stop();
});

test('a WhatsApp Web version given in the settings is the one announced', async () => {
  const sidecar = new SidecarUnderTest({ paired: true, latestVersion: '2.3000.5' });
  await sidecar.start({ waVersion: '2.3000.1234' });
  const open = await sidecar.waitForOpen();
  assert.equal(open.version, '2.3000.1234');
  assert.equal(open.versionSource, 'setting');
  assert.deepEqual(sidecar.sockets().map((socket) => socket.version), ['2.3000.1234']);
  const bad = await sidecar.send('connect', { authDir: sidecar.authDir, waVersion: 'latest' });
  assert.equal(bad.error.code, 'BAD_REQUEST');
  await sidecar.stop();
});

test('a truncated creds.json is reported as a damaged link, never replaced by a fresh identity', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, qr: { codes: ['QR-A'], intervalMs: 20 } });
  mkdirSync(sidecar.authDir, { recursive: true });
  const truncated = '{"noiseKey":{"private":{"type":"Buffer","data":"AAAA';
  writeFileSync(join(sidecar.authDir, 'creds.json'), truncated);
  await sidecar.start();
  const damaged = await sidecar.waitForEvent('connection', (event) => event.state === 'authDamaged');
  assert.match(damaged.detail, /damaged/);
  assert.match(damaged.detail, /pair this device again/);
  assert.equal(sidecar.eventsNamed('qr').length, 0, 'no new pairing over the damaged link');
  assert.equal(readFileSync(join(sidecar.authDir, 'creds.json'), 'utf8'), truncated, 'nothing overwritten');
  const reply = await sidecar.send('fetchHistory', { requestId: 'r1', chat: ALICE.jid, anchor: { id: 'X', fromMe: false, timestamp: 1 }, count: 50 });
  assert.equal(reply.error.code, 'AUTH_DAMAGED');
  assert.equal(reply.error.retryable, false);
  await sidecar.stop();
});

test('every new socket of an unpaired link asks for a new pairing code, and QR lifetimes restart per socket', async () => {
  const dropping = new SidecarUnderTest({ paired: false, pairingCode: { code: 'WXYZ1234' }, dropUnpairedAfterMs: 60,
    qr: { codes: ['QR-A', 'QR-B', 'QR-C', 'QR-D'], intervalMs: 40 } });
  await dropping.start({ pairing: { mode: 'code', phone: '31612345678' } });
  await dropping.waitForEvent('connection', (event) => event.state === 'reconnecting');
  await dropping.waitForEvent('pairingCode', (event) => dropping.eventsNamed('pairingCode').indexOf(event) === 1);
  const asked = dropping.journal().filter((entry) => entry.pairingCodeFor).map((entry) => entry.socket);
  assert.deepEqual(asked.slice(0, 2), [1, 2], 'one pairing code per socket');
  await dropping.stop();

  const qr = new SidecarUnderTest({ paired: false, dropUnpairedAfterMs: 60, qr: { codes: ['QR-A', 'QR-B', 'QR-C', 'QR-D'], intervalMs: 40 } });
  await qr.start();
  await qr.waitForEvent('connection', (event) => event.state === 'reconnecting');
  await qr.waitForEvent('qr', (event) => qr.eventsNamed('qr').indexOf(event) >= 2);
  const lifetimes = qr.eventsNamed('qr').map((event) => event.expiresInMs);
  assert.deepEqual(lifetimes.slice(0, 3), [60000, 20000, 60000], 'the new socket\'s first code lives 60 s again');
  await qr.stop();
});

test('a live message from a chat WhatsApp keys by LID is filed under the phone number its key names', async () => {
  const chat = { ...ALICE, addressing: 'lid' };
  const GROUP = { jid: '120363000000000001@g.us', name: 'Club', group: true, count: 0,
    participants: [{ jid: '31633333333@s.whatsapp.net', lid: '90033333333@lid', addressing: 'lid' }] };
  const sidecar = new SidecarUnderTest({
    paired: true, chats: [chat, GROUP], lidStoreKnowsPairs: false,
    liveAfterOpen: [
      { chat: chat.jid, id: 'LIVE1', text: 'hi', timestamp: 1_700_000_000 },
      { chat: GROUP.jid, id: 'LIVE2', text: 'hello group', timestamp: 1_700_000_001, participant: '31633333333@s.whatsapp.net' },
    ],
  });
  await sidecar.start();
  await sidecar.waitForEvent('messages', (event) => event.messages.some((m) => m.id === 'LIVE2'));
  const live = sidecar.eventsNamed('messages').flatMap((event) => event.messages);
  assert.deepEqual(live.map((m) => [m.id, m.chat, m.sender]), [
    ['LIVE1', chat.jid, chat.jid],
    ['LIVE2', GROUP.jid, '31633333333@s.whatsapp.net'],
  ]);
  assert.equal(live[0].raw.key.remoteJid, chat.lid);
  await sidecar.stop();
});

test('after a restart, what was learnt of LIDs still files live messages that carry no phone number', async () => {
  const chat = { ...ALICE, addressing: 'lid' };
  const first = new SidecarUnderTest({ paired: true, chats: [chat], lidStoreKnowsPairs: false,
    liveAfterOpen: [{ chat: chat.jid, id: 'LIVE1', text: 'hi', timestamp: 1_700_000_000 }] });
  await first.start();
  await first.waitForEvent('messages');
  await first.stop();
  const keyWithoutAlt = { remoteJid: chat.lid, fromMe: false, id: 'LIVE2' };
  const second = new SidecarUnderTest({ paired: true, chats: [chat], lidStoreKnowsPairs: false,
    afterOpen: [{ event: 'messages.upsert', data: { type: 'notify', messages: [{ key: keyWithoutAlt, messageTimestamp: 1_700_000_100, message: { conversation: 'again' } }] } }] },
  { folder: first.folder });
  await second.start();
  const live = await second.waitForEvent('messages');
  assert.deepEqual(live.messages.map((m) => [m.id, m.chat]), [['LIVE2', chat.jid]]);
  await second.stop();
});

test('SIGTERM closes the link without logging out and exits 0, the saved link intact', async () => {
  const sidecar = new SidecarUnderTest({ paired: false, qr: { codes: ['QR-A'], intervalMs: 20, scanAfter: 1 } });
  await sidecar.start();
  await sidecar.waitForOpen();
  sidecar.process.kill('SIGTERM');
  assert.equal(await sidecar.exited, 0);
  const closed = sidecar.eventsNamed('connection').at(-1);
  assert.equal(closed.state, 'closed');
  const creds = JSON.parse(readFileSync(join(sidecar.authDir, 'creds.json'), 'utf8'));
  assert.equal(creds.registered, true);
  assert.deepEqual(readdirSync(sidecar.authDir).filter((name) => name.endsWith('.tmp')), [], 'no half-written file left');
});
