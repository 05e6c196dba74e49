// The sidecar's store for the WhatsApp link's keys (src/auth-state.js): atomic writes, a damaged
// creds.json reported instead of replaced, writes finished before a shutdown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as baileys from '@whiskeysockets/baileys';
import { AuthStateDamagedError, credsProblem, useAtomicAuthState } from '../src/auth-state.js';
import { temporaryFolder } from '../testing/temporary-folders.js';

const quiet = { warn() {}, info() {}, debug() {} };
const folder = () => join(temporaryFolder('auth-state-'), 'auth');

test('a new folder gets fresh credentials, saved where useMultiFileAuthState would read them', async () => {
  const dir = folder();
  const auth = await useAtomicAuthState(dir, baileys, quiet);
  assert.equal(auth.state.creds.registered, false);
  auth.state.creds.registered = true;
  await auth.saveCreds();
  assert.equal(statSync(dir).mode & 0o077, 0);
  const theirs = await baileys.useMultiFileAuthState(dir);
  assert.equal(theirs.state.creds.registered, true);
  assert.deepEqual(theirs.state.creds.noiseKey.private, auth.state.creds.noiseKey.private);
});

test('keys written, read back and deleted; names with slashes and colons as Baileys writes them', async () => {
  const dir = folder();
  const auth = await useAtomicAuthState(dir, baileys, quiet);
  await auth.state.keys.set({ session: { '31611111111:2.0': { a: Buffer.from([1, 2]) } }, 'sender-key': { 'g/1': { b: 1 } } });
  assert.ok(readdirSync(dir).includes('session-31611111111-2.0.json'));
  assert.ok(readdirSync(dir).includes('sender-key-g__1.json'));
  const read = await auth.state.keys.get('session', ['31611111111:2.0', 'missing']);
  assert.deepEqual(read['31611111111:2.0'].a, Buffer.from([1, 2]));
  assert.equal(read.missing, null);
  await auth.state.keys.set({ session: { '31611111111:2.0': null } });
  assert.ok(!readdirSync(dir).includes('session-31611111111-2.0.json'));
});

test('a truncated, empty or non-object creds.json is a damaged link, and nothing is written over it', async () => {
  for (const content of ['{"registered":true,"me":{"id":"15', '', '   ', '[1,2]', 'null']) {
    const dir = folder();
    await useAtomicAuthState(dir, baileys, quiet);
    writeFileSync(join(dir, 'creds.json'), content);
    assert.ok(await credsProblem(dir), `found a problem in ${JSON.stringify(content)}`);
    await assert.rejects(useAtomicAuthState(dir, baileys, quiet), (error) => {
      assert.ok(error instanceof AuthStateDamagedError);
      assert.match(error.message, /damaged/);
      assert.match(error.message, /pair this device again/);
      return true;
    });
    assert.equal(readFileSync(join(dir, 'creds.json'), 'utf8'), content);
  }
});

test('a damaged key file reads as absent and is counted', async () => {
  const dir = folder();
  const auth = await useAtomicAuthState(dir, baileys, quiet);
  writeFileSync(join(dir, 'pre-key-7.json'), '{"public":');
  const read = await auth.state.keys.get('pre-key', ['7']);
  assert.equal(read['7'], null);
  assert.equal(auth.damagedKeyFiles, 1);
});

test('writes replace files whole, through a temporary file that never stays behind', async () => {
  const dir = folder();
  const auth = await useAtomicAuthState(dir, baileys, quiet);
  const big = { blob: Buffer.alloc(512 * 1024, 7) };
  const writes = [];
  for (let i = 0; i < 20; i++) {
    auth.state.creds.counter = i;
    writes.push(auth.saveCreds());
    writes.push(auth.state.keys.set({ 'app-state-sync-version': { big: { ...big, i } } }));
  }
  await auth.flush();
  await Promise.all(writes);
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  assert.equal(JSON.parse(readFileSync(join(dir, 'creds.json'), 'utf8')).counter, 19, 'the last write wins');
  const key = JSON.parse(readFileSync(join(dir, 'app-state-sync-version-big.json'), 'utf8'));
  assert.equal(key.i, 19);
});

test('flush waits for every write begun', async () => {
  const dir = folder();
  const auth = await useAtomicAuthState(dir, baileys, quiet);
  auth.state.creds.marker = 'written before exit';
  auth.saveCreds();
  await auth.flush();
  assert.equal(JSON.parse(readFileSync(join(dir, 'creds.json'), 'utf8')).marker, 'written before exit');
});
