// Turns Baileys' WAMessage objects into the sidecar's plain message records (what the plugin stores)
// and revisions (edits, deletions, reactions: they change a stored message instead of adding one).
//
// Written against the message shapes the WhatsApp protobuf defines, not against Baileys helpers, so
// the same code serves the real socket and the simulated phone of the tests.

// Wrappers that hold the real content one level down, in ".message". Unwrapped up to 5 deep, as
// WhatsApp nests them (an ephemeral view-once image is two wrappers around an imageMessage).
const WRAPPERS = [
  'ephemeralMessage',
  'viewOnceMessage',
  'viewOnceMessageV2',
  'viewOnceMessageV2Extension',
  'documentWithCaptionMessage',
  'editedMessage',
  'groupMentionedMessage',
  'botInvokeMessage',
  'associatedChildMessage',
  'lottieStickerMessage',
];
const VIEW_ONCE_WRAPPERS = new Set(['viewOnceMessage', 'viewOnceMessageV2', 'viewOnceMessageV2Extension']);

// Keys that ride along with any content and say nothing about its kind.
const SIDE_KEYS = new Set(['messageContextInfo', 'senderKeyDistributionMessage']);

const PROTOCOL_REVOKE = 0;
const PROTOCOL_MESSAGE_EDIT = 14;
const STUB_REVOKE = 1;

// Content key -> the archive's message type (MessageType wire names on the Java side).
const TYPE_BY_KEY = {
  conversation: 'text',
  extendedTextMessage: 'text',
  buttonsResponseMessage: 'text',
  listResponseMessage: 'text',
  templateButtonReplyMessage: 'text',
  interactiveResponseMessage: 'text',
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  audioMessage: 'audio',
  stickerMessage: 'sticker',
  documentMessage: 'document',
  contactMessage: 'contact',
  contactsArrayMessage: 'contact',
  locationMessage: 'location',
  liveLocationMessage: 'live_location',
  pollCreationMessage: 'poll',
  pollCreationMessageV2: 'poll',
  pollCreationMessageV3: 'poll',
  call: 'call',
  bcallMessage: 'call',
  callLogMesssage: 'call',
};

/** Seconds since the epoch from a number, a numeric string, a bigint, or a protobufjs Long. */
export function toEpochSeconds(value) {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (typeof value === 'string') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  if (typeof value.toNumber === 'function') {
    return value.toNumber();
  }
  if (typeof value.low === 'number' && typeof value.high === 'number') {
    return value.high * 4294967296 + (value.low >>> 0);
  }
  return undefined;
}

/** The innermost content of a message and what wrapped it. */
export function unwrapContent(message) {
  let content = message ?? undefined;
  const wrappers = [];
  for (let depth = 0; depth < 5 && content; depth++) {
    const wrapper = WRAPPERS.find((key) => content[key]?.message);
    if (!wrapper) {
      break;
    }
    wrappers.push(wrapper);
    content = content[wrapper].message;
  }
  return { content, wrappers };
}

function contentKey(content) {
  if (!content) {
    return undefined;
  }
  return Object.keys(content).find((key) => !SIDE_KEYS.has(key) && content[key] !== null && content[key] !== undefined);
}

/** The readable text of a message content: its text, caption, poll, place or contact name. */
export function textOf(content) {
  if (!content) {
    return '';
  }
  const firstText = (...candidates) => candidates.find((candidate) => typeof candidate === 'string' && candidate !== '') ?? '';
  if (content.conversation) {
    return content.conversation;
  }
  const poll = content.pollCreationMessage ?? content.pollCreationMessageV2 ?? content.pollCreationMessageV3;
  if (poll) {
    const options = (poll.options ?? []).map((option) => '- ' + (option.optionName ?? '')).join('\n');
    return options ? `${poll.name ?? ''}\n${options}` : (poll.name ?? '');
  }
  const location = content.locationMessage ?? content.liveLocationMessage;
  if (location) {
    const named = [location.name, location.address].filter(Boolean).join(', ');
    if (named) {
      return named;
    }
    if (location.degreesLatitude !== undefined && location.degreesLongitude !== undefined) {
      return `${location.degreesLatitude}, ${location.degreesLongitude}`;
    }
    return firstText(location.caption);
  }
  if (content.contactsArrayMessage) {
    const names = (content.contactsArrayMessage.contacts ?? []).map((contact) => contact.displayName).filter(Boolean);
    return firstText(content.contactsArrayMessage.displayName, names.join(', '));
  }
  return firstText(
    content.extendedTextMessage?.text,
    content.imageMessage?.caption,
    content.videoMessage?.caption,
    content.ptvMessage?.caption,
    content.documentMessage?.caption,
    content.documentMessage?.fileName,
    content.buttonsResponseMessage?.selectedDisplayText,
    content.listResponseMessage?.title,
    content.templateButtonReplyMessage?.selectedDisplayText,
    content.interactiveResponseMessage?.body?.text,
    content.contactMessage?.displayName,
  );
}

function typeOf(content, wrappers) {
  const key = contentKey(content);
  if (wrappers.some((wrapper) => VIEW_ONCE_WRAPPERS.has(wrapper))) {
    return 'view_once';
  }
  if (key === 'videoMessage' && content.videoMessage.gifPlayback) {
    return 'gif';
  }
  return TYPE_BY_KEY[key] ?? (textOf(content) ? 'text' : 'unknown');
}

/**
 * A WAMessage as plain JSON data for raw_proto: binary fields become {"base64": "..."}, Long and
 * bigint numbers plain numbers. Walks the object itself rather than trusting toJSON(), because
 * protobufjs' toJSON() turns every 64-bit number into a string.
 */
export function rawJson(value) {
  if (value === null || value === undefined || typeof value === 'function') {
    return undefined;
  }
  if (value instanceof Uint8Array) {
    return { base64: Buffer.from(value).toString('base64') };
  }
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (typeof value.toNumber === 'function' && typeof value.low === 'number') {
    return value.toNumber();
  }
  if (Array.isArray(value)) {
    return value.map((item) => rawJson(item) ?? null);
  }
  const plain = {};
  for (const [key, field] of Object.entries(value)) {
    const converted = rawJson(field);
    if (converted !== undefined) {
      plain[key] = converted;
    }
  }
  return plain;
}

/**
 * Sorts one WAMessage into what it contributes: a stored message, revisions of other messages, or
 * nothing (protocol traffic such as key shares).
 *
 * @param raw   the WAMessage
 * @param jids  the JidBook, to write chats and senders in their phone-number form where known
 * @param chatOverride the chat to file it under (a reply keyed by LID for a phone-number request)
 */
export function classify(raw, jids, chatOverride) {
  const result = { message: undefined, revisions: [] };
  const key = raw?.key;
  if (!key?.id || !key.remoteJid) {
    return result;
  }
  jids.learnFromKey(key);
  const chat = chatOverride ?? jids.preferred(key.remoteJid);
  const timestamp = toEpochSeconds(raw.messageTimestamp) ?? 0;
  const group = chat.endsWith('@g.us');
  const participant = key.participant ?? raw.participant ?? undefined;
  const sender = key.fromMe ? 'me' : group ? jids.preferred(participant ?? chat) : chat;
  const { content, wrappers } = unwrapContent(raw.message);

  const protocol = content?.protocolMessage;
  if (protocol) {
    const target = protocol.key;
    if (target?.id && (protocol.type === PROTOCOL_REVOKE || protocol.type === PROTOCOL_MESSAGE_EDIT)) {
      const edited = protocol.type === PROTOCOL_MESSAGE_EDIT;
      result.revisions.push({
        chat: target.remoteJid ? jids.preferred(target.remoteJid) : chat,
        messageId: target.id,
        kind: edited ? 'edited' : 'deleted',
        value: edited ? textOf(unwrapContent(protocol.editedMessage).content) : '',
        actor: sender,
        timestamp,
      });
    }
    return result;
  }
  if (content?.reactionMessage) {
    const reaction = content.reactionMessage;
    if (reaction.key?.id) {
      result.revisions.push({
        chat: reaction.key.remoteJid ? jids.preferred(reaction.key.remoteJid) : chat,
        messageId: reaction.key.id,
        kind: 'reaction',
        value: reaction.text ?? '',
        actor: sender,
        timestamp: reaction.senderTimestampMs ? Math.floor(toEpochSeconds(reaction.senderTimestampMs) / 1000) : timestamp,
      });
    }
    return result;
  }
  // Poll votes arrive encrypted and key shares carry no content: neither is a message of its own.
  if (content?.pollUpdateMessage || (content && !contentKey(content) && !raw.messageStubType)) {
    return result;
  }

  let type;
  let text;
  if (raw.messageStubType === STUB_REVOKE) {
    type = 'deleted';
    text = 'This message was deleted.';
  } else if (!content && raw.messageStubType) {
    type = 'system';
    text = [`WhatsApp event ${raw.messageStubType}`, ...(raw.messageStubParameters ?? [])].join(' ');
  } else {
    type = typeOf(content, wrappers);
    text = textOf(content);
  }
  result.message = {
    id: key.id,
    chat,
    sender,
    senderName: raw.pushName || undefined,
    fromMe: !!key.fromMe,
    participant: participant ? jids.preferred(participant) : undefined,
    timestamp,
    type,
    text,
    edited: wrappers.includes('editedMessage'),
    raw: rawJson(raw),
  };
  for (const reaction of raw.reactions ?? []) {
    if (reaction?.key) {
      result.revisions.push({
        chat,
        messageId: key.id,
        kind: 'reaction',
        value: reaction.text ?? '',
        actor: reaction.key.fromMe ? 'me' : jids.preferred(reaction.key.participant ?? reaction.key.remoteJid ?? chat),
        timestamp: reaction.senderTimestampMs ? Math.floor(toEpochSeconds(reaction.senderTimestampMs) / 1000) : timestamp,
      });
    }
  }
  return result;
}
