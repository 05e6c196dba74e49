// The JidBook: what it learns, what it refuses to guess, and that it survives a restart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JidBook, normalizeJid } from '../src/jids.js';
import { temporaryFolder } from '../testing/temporary-folders.js';

const PN = '31611111111@s.whatsapp.net';
const LID = '90011111111@lid';

test('device parts and legacy servers are normalised away, as Baileys\' LID store hands them out', () => {
  assert.equal(normalizeJid('31611111111:0@s.whatsapp.net'), PN);
  assert.equal(normalizeJid('31611111111:12@c.us'), PN);
  assert.equal(normalizeJid('90011111111:3@hosted.lid'), LID);
  assert.equal(normalizeJid('120363000000000001@g.us'), '120363000000000001@g.us');
});

test('pairs are learnt from key alts, conversations and contacts; either order; a group is never paired', () => {
  const book = new JidBook();
  book.learnFromKey({ remoteJid: LID, remoteJidAlt: PN });
  assert.equal(book.preferred(LID), PN);
  book.learnFromKey({ remoteJid: '120363000000000001@g.us', participant: '90022222222@lid', participantAlt: '31622222222@s.whatsapp.net' });
  assert.equal(book.preferred('90022222222@lid'), '31622222222@s.whatsapp.net');
  book.learnFromChat({ id: '90033333333@lid', pnJid: '31633333333@s.whatsapp.net' });
  book.learnFromContact({ id: '31644444444@s.whatsapp.net', lid: '90044444444@lid' });
  assert.equal(book.other('31644444444@s.whatsapp.net'), '90044444444@lid');
  assert.equal(book.remember(PN, LID), false, 'the same pair given the other way round is no news');
  assert.equal(book.remember('120363000000000001@g.us', PN), false);
  assert.equal(book.knows('90055555555@lid'), false);
  assert.equal(book.preferred('90055555555@lid'), '90055555555@lid', 'an unknown LID stays as it is');
});

test('what was learnt is saved atomically and read back after a restart; forget() drops it all', async () => {
  const file = join(temporaryFolder('jids-'), 'book.json');
  const first = new JidBook({ file });
  first.remember(LID, PN);
  first.noteKeyedAs(PN, LID);
  await first.flush();
  const second = new JidBook({ file });
  await second.load();
  assert.equal(second.preferred(LID), PN);
  assert.equal(second.keyedAs(PN), LID);
  second.forget();
  await second.flush();
  assert.equal(second.preferred(LID), LID);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).pnByLid[LID], PN, 'a forgotten book is not written again');
});

test('a damaged saved book is ignored, not fatal', async () => {
  const file = join(temporaryFolder('jids-'), 'book.json');
  writeFileSync(file, '{"pnByLid":{"9001');
  const book = new JidBook({ file, log: { warn() {} } });
  await book.load();
  assert.equal(book.size, 0);
});

test('the LID store is asked only about what the book cannot place', async () => {
  const asked = [];
  const lidMapping = {
    getPNForLID: async (lid) => { asked.push(lid); return '31611111111:0@s.whatsapp.net'; },
    getLIDForPN: async (pn) => { asked.push(pn); return null; },
  };
  const book = new JidBook();
  await book.resolve([LID, LID, '31699999999@s.whatsapp.net'], lidMapping);
  assert.equal(book.preferred(LID), PN);
  await book.resolve([LID], lidMapping);
  assert.deepEqual(asked, [LID, '31699999999@s.whatsapp.net']);
});
