// Checks the sidecar's assumptions against the Baileys release it pins, without a network: the
// version, the constants the sidecar hard-codes, and real protobuf messages through normalisation.
// Runs after "npm ci" (Maven runs it when node_modules holds Baileys; .ci/run always installs it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as baileys from '@whiskeysockets/baileys';
import { createSocketModule } from '../src/baileys-socket.js';
import { REASONS } from '../src/connection.js';
import { ON_DEMAND } from '../src/history.js';
import { classify } from '../src/normalize.js';
import { JidBook } from '../src/jids.js';
import { temporaryFolder } from '../testing/temporary-folders.js';

const require = createRequire(import.meta.url);

test('the installed Baileys is exactly the pinned release', () => {
  const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url))).dependencies['@whiskeysockets/baileys'];
  assert.equal(pinned, '7.0.0-rc14');
  assert.equal(require('@whiskeysockets/baileys/package.json').version, pinned);
});

test('the socket module loads Baileys and reports its version', async () => {
  const module = await createSocketModule();
  assert.equal(module.name, 'baileys');
  assert.equal(module.version, '7.0.0-rc14');
  assert.equal(typeof baileys.makeWASocket, 'function');
});

test('the disconnect codes the sidecar acts on mean what Baileys says they mean', () => {
  for (const [code, name] of Object.entries({ 401: 'loggedOut', 403: 'forbidden', 411: 'multideviceMismatch',
    428: 'connectionClosed', 440: 'connectionReplaced', 500: 'badSession', 503: 'unavailableService', 515: 'restartRequired' })) {
    assert.equal(baileys.DisconnectReason[name], Number(code), name);
    assert.equal(REASONS[code], name);
  }
  assert.equal(baileys.DisconnectReason.connectionLost, 408);
});

test('the protobuf constants the sidecar hard-codes match the pinned protocol', () => {
  assert.equal(baileys.proto.HistorySync.HistorySyncType.ON_DEMAND, ON_DEMAND);
  assert.equal(baileys.proto.Message.ProtocolMessage.Type.REVOKE, 0);
  assert.equal(baileys.proto.Message.ProtocolMessage.Type.MESSAGE_EDIT, 14);
  assert.equal(baileys.proto.WebMessageInfo.StubType.REVOKE, 1);
  assert.equal(baileys.proto.Conversation.EndOfHistoryTransferType.COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY, 1);
});

test('a real decoded protobuf message, with its Long timestamp, normalises like the simulated ones', () => {
  const encoded = baileys.proto.WebMessageInfo.encode({
    key: { remoteJid: '31611111111@s.whatsapp.net', fromMe: false, id: 'REAL1' },
    messageTimestamp: 1_650_000_000,
    message: { extendedTextMessage: { text: 'from a real proto' } },
  }).finish();
  const decoded = baileys.proto.WebMessageInfo.decode(encoded);
  assert.equal(typeof decoded.messageTimestamp, 'object', 'protobufjs hands 64-bit fields out as Long');
  const { message } = classify(decoded, new JidBook());
  assert.equal(message.timestamp, 1_650_000_000);
  assert.equal(message.text, 'from a real proto');
  assert.equal(message.type, 'text');
  assert.equal(message.raw.messageTimestamp, 1_650_000_000);
});

test('the auth state is created in the given folder, readable by its owner only', async () => {
  process.umask(0o077);
  const folder = join(temporaryFolder('baileys-auth-'), 'auth');
  const module = await createSocketModule();
  const { state, saveCreds } = await module.useAuthState(folder);
  assert.equal(state.creds.registered, false);
  await saveCreds();
  assert.equal(statSync(join(folder, 'creds.json')).mode & 0o077, 0);
});

test('the sidecar started on real Baileys answers hello on a clean stdout, without connecting', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [new URL('../src/main.js', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stdin.write(JSON.stringify({ id: 'h1', cmd: 'hello', args: { protocol: 1 } }) + '\n');
  child.stdin.end(); // closing stdin is how the plugin's death looks: the sidecar must leave
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(code, 0);
  assert.deepEqual(lines.slice(0, 2).map((line) => line.event ?? line.id), ['ready', 'h1']);
  assert.ok(lines.every((line) => line.v === 1), 'nothing but protocol lines on stdout');
  assert.equal(lines[1].data.baileys, '7.0.0-rc14');
  assert.equal(lines[1].data.socket, 'baileys');
});
