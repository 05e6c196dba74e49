// Message normalisation, in process: text, type, sender, timestamps, raw JSON and revisions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, toEpochSeconds } from '../src/normalize.js';
import { JidBook } from '../src/jids.js';
import { FakeLong } from '../testing/fake-phone.js';

const CHAT = '31611111111@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';

function one(message, remoteJid = CHAT, extra = {}) {
  const book = new JidBook();
  book.remember('90022222222@lid', '31622222222@s.whatsapp.net');
  return classify({ key: { remoteJid, fromMe: false, id: 'ID1', ...extra.key }, messageTimestamp: 1_650_000_000, message, ...extra.raw }, book);
}

test('text comes from every content kind WhatsApp uses', () => {
  const cases = [
    [{ conversation: 'plain' }, 'plain', 'text'],
    [{ extendedTextMessage: { text: 'extended' } }, 'extended', 'text'],
    [{ imageMessage: { caption: 'photo caption' } }, 'photo caption', 'image'],
    [{ videoMessage: { caption: 'video caption' } }, 'video caption', 'video'],
    [{ videoMessage: { caption: 'gif', gifPlayback: true } }, 'gif', 'gif'],
    [{ documentMessage: { fileName: 'report.pdf' } }, 'report.pdf', 'document'],
    [{ documentWithCaptionMessage: { message: { documentMessage: { caption: 'doc caption', fileName: 'a.pdf' } } } }, 'doc caption', 'document'],
    [{ buttonsResponseMessage: { selectedDisplayText: 'button' } }, 'button', 'text'],
    [{ listResponseMessage: { title: 'list item' } }, 'list item', 'text'],
    [{ templateButtonReplyMessage: { selectedDisplayText: 'template' } }, 'template', 'text'],
    [{ pollCreationMessage: { name: 'Lunch?', options: [{ optionName: 'yes' }, { optionName: 'no' }] } }, 'Lunch?\n- yes\n- no', 'poll'],
    [{ pollCreationMessageV3: { name: 'V3?', options: [] } }, 'V3?', 'poll'],
    [{ locationMessage: { name: 'Dam', address: 'Amsterdam' } }, 'Dam, Amsterdam', 'location'],
    [{ locationMessage: { degreesLatitude: 1.5, degreesLongitude: 2.5 } }, '1.5, 2.5', 'location'],
    [{ liveLocationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }, '1, 2', 'live_location'],
    [{ contactMessage: { displayName: 'Bob' } }, 'Bob', 'contact'],
    [{ contactsArrayMessage: { contacts: [{ displayName: 'Bob' }, { displayName: 'Eve' }] } }, 'Bob, Eve', 'contact'],
    [{ audioMessage: { seconds: 3, ptt: true } }, '', 'audio'],
    [{ stickerMessage: {} }, '', 'sticker'],
    [{ ephemeralMessage: { message: { extendedTextMessage: { text: 'vanishing' } } } }, 'vanishing', 'text'],
    [{ viewOnceMessageV2: { message: { imageMessage: { caption: 'once' } } } }, 'once', 'view_once'],
    [{ messageContextInfo: {}, conversation: 'with context' }, 'with context', 'text'],
  ];
  for (const [message, text, type] of cases) {
    const { message: normalized } = one(message);
    assert.equal(normalized.text, text, JSON.stringify(message));
    assert.equal(normalized.type, type, JSON.stringify(message));
  }
});

test('the sender is "me" for own messages, the chat in a 1:1 chat, and the participant in a group', () => {
  assert.equal(one({ conversation: 'x' }, CHAT, { key: { fromMe: true } }).message.sender, 'me');
  assert.equal(one({ conversation: 'x' }).message.sender, CHAT);
  const inGroup = one({ conversation: 'x' }, GROUP, { key: { participant: '90022222222@lid' } }).message;
  assert.equal(inGroup.sender, '31622222222@s.whatsapp.net', 'a LID participant is filed under its phone number');
  assert.equal(inGroup.chat, GROUP);
});

test('a chat addressed by a known LID is filed under its phone number', () => {
  assert.equal(one({ conversation: 'x' }, '90022222222:3@lid').message.chat, '31622222222@s.whatsapp.net');
});

test('timestamps are read from numbers, strings, bigints and Long objects', () => {
  assert.equal(toEpochSeconds(1_650_000_000), 1_650_000_000);
  assert.equal(toEpochSeconds('1650000000'), 1_650_000_000);
  assert.equal(toEpochSeconds(1_650_000_000n), 1_650_000_000);
  assert.equal(toEpochSeconds(new FakeLong(1_650_000_000)), 1_650_000_000);
  assert.equal(toEpochSeconds({ low: 1_650_000_000, high: 0, unsigned: false }), 1_650_000_000);
  assert.equal(toEpochSeconds(new FakeLong(5_000_000_000)), 5_000_000_000, 'above 32 bits');
  assert.equal(one({ conversation: 'x' }, CHAT, { raw: { messageTimestamp: new FakeLong(1_650_000_123) } }).message.timestamp, 1_650_000_123);
});

test('raw JSON keeps the whole message, with binary fields as base64 and Longs as numbers', () => {
  const { message } = one({ imageMessage: { caption: 'c', mediaKey: new Uint8Array([1, 2, 3]) } }, CHAT,
    { raw: { messageTimestamp: new FakeLong(1_650_000_000) } });
  assert.deepEqual(message.raw.message.imageMessage.mediaKey, { base64: 'AQID' });
  assert.equal(message.raw.messageTimestamp, 1_650_000_000);
  assert.equal(message.raw.key.id, 'ID1');
});

test('a deletion, an edit and a reaction become revisions of the message they change, not messages', () => {
  const target = { remoteJid: CHAT, fromMe: true, id: 'TARGET' };
  const deleted = one({ protocolMessage: { type: 0, key: target } });
  assert.equal(deleted.message, undefined);
  assert.deepEqual(deleted.revisions.map((r) => [r.kind, r.messageId]), [['deleted', 'TARGET']]);
  const edited = one({ editedMessage: { message: { protocolMessage: { type: 14, key: target, editedMessage: { conversation: 'new' } } } } });
  assert.deepEqual(edited.revisions.map((r) => [r.kind, r.messageId, r.value]), [['edited', 'TARGET', 'new']]);
  const reacted = one({ reactionMessage: { key: target, text: '❤️', senderTimestampMs: 1_650_000_001_000 } });
  assert.deepEqual(reacted.revisions.map((r) => [r.kind, r.messageId, r.value, r.actor, r.timestamp]),
    [['reaction', 'TARGET', '❤️', CHAT, 1_650_000_001]]);
});

test('a message deleted before history was fetched stays a row, marked deleted', () => {
  const { message } = one(undefined, CHAT, { raw: { messageStubType: 1 } });
  assert.equal(message.type, 'deleted');
  assert.equal(message.id, 'ID1');
});

test('a group event is kept as a system message', () => {
  const { message } = one(undefined, GROUP, { raw: { messageStubType: 20, messageStubParameters: ['Trip'] } });
  assert.equal(message.type, 'system');
  assert.match(message.text, /Trip/);
});

test('protocol traffic with no content of its own yields nothing', () => {
  const result = one({ protocolMessage: { type: 5, historySyncNotification: {} } });
  assert.equal(result.message, undefined);
  assert.deepEqual(result.revisions, []);
  assert.equal(one({ senderKeyDistributionMessage: {} }).message, undefined);
});
