// What the sidecar relies on in how Baileys 7.0.0-rc14 delivers history, checked against the
// installed library: its own functions run here, and where a behaviour lives inside the socket
// (which needs WhatsApp's servers), the lines of its source that make it so. docs/whatsapp-live.md,
// "What was verified against rc14", points at these tests one by one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import * as baileys from '@whiskeysockets/baileys';
import processMessage from '@whiskeysockets/baileys/lib/Utils/process-message.js';
import { LIDMappingStore } from '@whiskeysockets/baileys/lib/Signal/lid-mapping.js';
import { useAtomicAuthState } from '../src/auth-state.js';
import { latestVersion } from '../src/baileys-socket.js';
import { networkCause } from '../src/connection.js';
import { temporaryFolder } from '../testing/temporary-folders.js';

const { proto } = baileys;
const require = createRequire(import.meta.url);
const LIB = join(require.resolve('@whiskeysockets/baileys/package.json'), '..', 'lib');
const source = (file) => readFileSync(join(LIB, file), 'utf8');
const quiet = { level: 'silent', child() { return this; }, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const ALICE = '31611111111@s.whatsapp.net';

function message(id, seconds, remoteJid = ALICE) {
  return { key: { remoteJid, fromMe: false, id }, messageTimestamp: seconds, message: { conversation: id } };
}

function onDemandNotification(sessionId, conversation) {
  const payload = deflateSync(proto.HistorySync.encode({ syncType: 6, conversations: [conversation] }).finish());
  return proto.Message.HistorySyncNotification.decode(proto.Message.HistorySyncNotification.encode({
    syncType: 6, peerDataRequestSessionId: sessionId, initialHistBootstrapInlinePayload: payload,
  }).finish());
}

function collect(ev) {
  const seen = [];
  ev.on('messaging-history.set', (event) => seen.push(['set', event]));
  ev.on('messages.upsert', (event) => seen.push(['upsert', event]));
  return seen;
}

const flushed = () => new Promise((resolve) => setTimeout(resolve, 250));

test('the event buffer drops chats and message keys it already emitted on the socket', async () => {
  const ev = baileys.makeEventBuffer(quiet);
  const seen = collect(ev);
  const emitSet = ev.createBufferedFunction(async (set) => ev.emit('messaging-history.set', set));
  const set = () => ({ chats: [{ id: ALICE, endOfHistoryTransferType: 0 }], contacts: [], messages: [message('A', 1), message('B', 2)],
    syncType: 6, peerDataRequestSessionId: 'S' });
  await emitSet(set());
  await flushed();
  await emitSet({ ...set(), peerDataRequestSessionId: 'T' });
  await flushed();
  const [first, second] = seen.map(([, event]) => event);
  assert.deepEqual(first.messages.map((m) => m.key.id), ['A', 'B']);
  assert.equal(first.chats[0].endOfHistoryTransferType, 0);
  assert.deepEqual(second.messages, [], 'a page asked twice comes back empty');
  assert.deepEqual(second.chats, [], 'the chat, and with it its end marker, is gone');
  assert.equal(second.peerDataRequestSessionId, 'T', 'only the request id survives');
});

test('sets merged in one flush keep the last one\'s syncType and request id', async () => {
  const ev = baileys.makeEventBuffer(quiet);
  const seen = collect(ev);
  const emitSet = ev.createBufferedFunction(async (set) => ev.emit('messaging-history.set', set));
  await Promise.all([
    emitSet({ chats: [], contacts: [], messages: [message('F', 1)], syncType: 2 }),
    emitSet({ chats: [], contacts: [], messages: [message('D', 2)], syncType: 6, peerDataRequestSessionId: 'S' }),
  ]);
  await flushed();
  assert.equal(seen.length, 1);
  assert.equal(seen[0][1].syncType, 6);
  assert.deepEqual(seen[0][1].messages.map((m) => m.key.id), ['F', 'D']);
});

test('upsertMessage (Socket/chats.js) emits the raw message before processing it, in one buffered function', () => {
  const chats = source('Socket/chats.js');
  const body = chats.slice(chats.indexOf('const upsertMessage = ev.createBufferedFunction'));
  assert.ok(body.length > 0, 'upsertMessage is a buffered function');
  const upsert = body.indexOf("ev.emit('messages.upsert', { messages: [msg], type })");
  const processing = body.indexOf('processMessage(msg, {');
  assert.ok(upsert > 0 && processing > upsert, 'messages.upsert comes first, then processMessage');
  const recv = source('Socket/messages-recv.js');
  assert.match(recv, /await upsertMessage\(msg, node\.attrs\.offline \? 'append' : 'notify'\)/,
    'every decrypted message, the phone\'s history notifications included, goes through upsertMessage');
});

test('through upsertMessage and processMessage, an ON_DEMAND notification reaches listeners twice: raw, then filtered', async () => {
  const ev = baileys.makeEventBuffer(quiet);
  const seen = collect(ev);
  const creds = { me: { id: '15550000001:2@s.whatsapp.net' } };
  const keys = baileys.addTransactionCapability({ get: async () => ({}), set: async () => {} }, quiet, { maxCommitRetries: 1, delayBetweenTriesMs: 1 });
  const signalRepository = { lidMapping: new LIDMappingStore(keys, quiet) };
  const upsertMessage = ev.createBufferedFunction(async (msg, type) => {
    ev.emit('messages.upsert', { messages: [msg], type });
    await processMessage(msg, { shouldProcessHistoryMsg: true, ev, creds, signalRepository, keyStore: keys, logger: quiet, options: {} });
  });
  const conversation = { id: ALICE, endOfHistoryTransferType: 1, messages: [{ message: message('A', 1) }, { message: message('B', 2) }] };
  const notify = (sessionId, id) => upsertMessage({
    key: { remoteJid: '15550000001@s.whatsapp.net', fromMe: true, id },
    messageTimestamp: 1,
    message: { protocolMessage: { type: 5, historySyncNotification: onDemandNotification(sessionId, conversation) } },
  }, 'notify');
  await notify('S1', 'N1');
  await flushed();
  await notify('S2', 'N2');
  await flushed();
  const sets = seen.filter(([kind]) => kind === 'set').map(([, event]) => event);
  const raws = seen.filter(([kind]) => kind === 'upsert').map(([, event]) => event.messages[0]);
  assert.deepEqual(sets.map((set) => [set.peerDataRequestSessionId, set.messages.length, set.chats.length]), [['S1', 2, 1], ['S2', 0, 0]]);
  assert.notEqual(sets[0].isLatest, true, 'an ON_DEMAND set is never the "latest" push');
  assert.equal(creds.processedHistoryMessages, undefined, 'ON_DEMAND notifications are not recorded as processed');
  const second = baileys.getHistoryMsg(raws[1].message);
  assert.equal(second.peerDataRequestSessionId, 'S2');
  const decoded = await baileys.downloadAndProcessHistorySyncNotification(second, {}, quiet);
  assert.deepEqual(decoded.messages.map((m) => m.key.id), ['A', 'B'], 'the notification itself holds every message');
  assert.equal(decoded.chats[0].endOfHistoryTransferType, 1, 'and the conversation\'s end marker');
});

test('a notification without an inline payload is downloaded from WhatsApp\'s media host by its directPath', async () => {
  const realFetch = globalThis.fetch;
  const asked = [];
  globalThis.fetch = async (url) => {
    asked.push(String(url));
    return new Response('gone', { status: 404 });
  };
  try {
    const notification = { syncType: 6, directPath: '/v/t62.1234-24/blob', mediaKey: Buffer.alloc(32, 1) };
    await assert.rejects(baileys.downloadAndProcessHistorySyncNotification(notification, {}, quiet));
    assert.deepEqual(asked, ['https://mmg.whatsapp.net/v/t62.1234-24/blob']);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('fetchMessageHistory sends the anchor key\'s own remoteJid as the chat, and the timestamp as given', () => {
  const recv = source('Socket/messages-recv.js');
  const body = recv.slice(recv.indexOf('const fetchMessageHistory = async'), recv.indexOf('const requestPlaceholderResend'));
  assert.match(body, /chatJid: oldestMsgKey\.remoteJid/);
  assert.match(body, /oldestMsgTimestampMs: oldestMsgTimestamp,/);
  assert.match(body, /return sendPeerDataOperationMessage\(pdoMessage\)/, 'the request\'s message id is returned');
});

test('decoded message keys carry remoteJidAlt and participantAlt, and Baileys stores the pair it learns', () => {
  const decode = source('Utils/decode-wa-message.js');
  assert.match(decode, /remoteJidAlt: !isJidGroup\(chatId\) \? addressingContext\.senderAlt : undefined/);
  assert.match(decode, /participantAlt: isJidGroup\(chatId\) \? addressingContext\.senderAlt : undefined/);
  const recv = source('Socket/messages-recv.js');
  assert.match(recv, /const alt = msg\.key\.participantAlt \|\| msg\.key\.remoteJidAlt;/);
  assert.match(recv, /storeLIDPNMappings\(\[\{ lid: alt, pn: primaryJid \}\]\)/);
});

test('Baileys\' LID store keeps its pairs in the auth keys, so a new socket on the same keys knows them', async () => {
  const folder = temporaryFolder('lid-store-');
  const first = await useAtomicAuthState(folder, baileys, quiet);
  const withTx = (auth) => baileys.addTransactionCapability(auth.state.keys, quiet, { maxCommitRetries: 1, delayBetweenTriesMs: 1 });
  await new LIDMappingStore(withTx(first), quiet).storeLIDPNMappings([{ lid: '90011111111@lid', pn: ALICE }]);
  await first.flush();
  const second = await useAtomicAuthState(folder, baileys, quiet);
  const store = new LIDMappingStore(withTx(second), quiet);
  // It answers with a device part ("31611111111:0@s.whatsapp.net"); the sidecar normalises it.
  assert.equal(baileys.jidNormalizedUser(await store.getPNForLID('90011111111@lid')), ALICE);
  assert.equal(await store.getLIDForPN(ALICE), '90011111111@lid');
});

test('history conversations state LID pairs that processHistoryMessage hands out as lidPnMappings', () => {
  const data = baileys.processHistoryMessage(proto.HistorySync.decode(proto.HistorySync.encode({
    syncType: 6, conversations: [{ id: '90011111111@lid', pnJid: ALICE, messages: [] }],
  }).finish()), quiet);
  assert.deepEqual(data.lidPnMappings, [{ lid: '90011111111@lid', pn: ALICE }]);
  assert.equal(data.contacts[0].phoneNumber, ALICE);
});

test('a server <failure reason=405> closes the socket with status 405; a network error maps to 408', () => {
  const socket = source('Socket/socket.js');
  assert.match(socket, /const reason = \+\(node\.attrs\.reason \|\| 500\);\s*void end\(new Boom\('Connection Failure', \{ statusCode: reason/);
  assert.match(socket, /new Boom\(`WebSocket Error \(\$\{error\?\.message\}\)`, \{ statusCode: getCodeFromWSError\(error\), data: error \}\)/);
  const dns = Object.assign(new Error('getaddrinfo ENOTFOUND web.whatsapp.com'), { code: 'ENOTFOUND' });
  assert.equal(baileys.getCodeFromWSError(dns), 408, 'the same code as running out of QR codes');
  assert.match(socket, /new Boom\('QR refs attempts ended', \{ statusCode: DisconnectReason\.timedOut \}\)/);
  const closed = Object.assign(new Error(`WebSocket Error (${dns.message})`), { output: { statusCode: 408 }, data: dns });
  assert.match(networkCause(closed), /ENOTFOUND/, 'the sidecar tells the two apart by the cause');
  assert.equal(networkCause(Object.assign(new Error('QR refs attempts ended'), { output: { statusCode: 408 } })), undefined);
});

test('the version lookups fall back to the built-in WhatsApp Web version when offline', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }); };
  try {
    const web = await baileys.fetchLatestWaWebVersion({});
    assert.equal(web.isLatest, false);
    assert.deepEqual(web.version, baileys.DEFAULT_CONNECTION_CONFIG.version);
    const found = await latestVersion(baileys, 1000);
    assert.deepEqual(found, { version: baileys.DEFAULT_CONNECTION_CONFIG.version, source: 'built-in' });
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('the version lookup takes WhatsApp Web\'s own current version when it answers', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    assert.equal(String(url), 'https://web.whatsapp.com/sw.js');
    return new Response('self.x={"client_revision":1099999999,"y":1}');
  };
  try {
    assert.deepEqual(await latestVersion(baileys, 1000), { version: [2, 3000, 1099999999], source: 'web.whatsapp.com' });
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('useMultiFileAuthState turns a truncated creds.json into a fresh identity; the sidecar\'s store refuses it', async () => {
  const folder = temporaryFolder('auth-truncated-');
  writeFileSync(join(folder, 'creds.json'), '{"registered":true,"me":{"id":"1555');
  const theirs = await baileys.useMultiFileAuthState(folder);
  assert.equal(theirs.state.creds.registered, false, 'the hazard: silently unpaired');
  await assert.rejects(useAtomicAuthState(folder, baileys, quiet), { code: 'AUTH_DAMAGED' });
});

test('rc14 skips FULL history unless told otherwise, which is why the sidecar always passes shouldSyncHistoryMessage', () => {
  const { shouldSyncHistoryMessage } = baileys.DEFAULT_CONNECTION_CONFIG;
  assert.equal(shouldSyncHistoryMessage({ syncType: proto.HistorySync.HistorySyncType.FULL }), false);
  assert.equal(shouldSyncHistoryMessage({ syncType: proto.HistorySync.HistorySyncType.ON_DEMAND }), true);
  assert.ok(baileys.PROCESSABLE_HISTORY_TYPES.includes(proto.HistorySync.HistorySyncType.ON_DEMAND));
  assert.equal(proto.Conversation.EndOfHistoryTransferType.COMPLETE_ON_DEMAND_SYNC_BUT_MORE_MSG_REMAIN_ON_PRIMARY, 2);
});
