// WhatsApp names a person two ways: by phone number (123@s.whatsapp.net) and, since 2025, by a
// private "LID" (987@lid). A chat migrated to LIDs is keyed by its LID on the wire; the archive keys
// chats by phone number. The sidecar keeps a book of the pairs it has learnt and files everything
// under the phone-number form whenever it knows it.
//
// The book learns only from statements of a pair, never from guesses: a message key's remoteJidAlt /
// participantAlt (Baileys 7 decodes them from every live message), a history conversation's
// pnJid/lidJid, a history's phoneNumberToLidMappings and contacts, lid-mapping.update events, and
// Baileys' own persisted LID store (signalRepository.lidMapping). It also remembers, per chat, the
// form WhatsApp keyed the chat's messages under, which is the form a history request must name.
//
// The book is saved in the auth folder (chat-archive-jids.json, written atomically), so what was
// learnt survives a restart, and is forgotten with the link on logout.

import { open, readFile, rename } from 'node:fs/promises';

const USER_SERVERS = new Set(['s.whatsapp.net', 'lid', 'c.us', 'hosted', 'hosted.lid']);
export const BOOK_FILE = 'chat-archive-jids.json';

/** The JID without its device part: "123:7@s.whatsapp.net" -> "123@s.whatsapp.net". */
export function normalizeJid(jid) {
  if (typeof jid !== 'string' || !jid.includes('@')) {
    return jid;
  }
  const at = jid.lastIndexOf('@');
  const user = jid.slice(0, at);
  const server = jid.slice(at + 1);
  if (!USER_SERVERS.has(server)) {
    return jid;
  }
  const bareUser = user.split(':')[0];
  const canonical = server === 'c.us' || server === 'hosted' ? 's.whatsapp.net' : server === 'hosted.lid' ? 'lid' : server;
  return `${bareUser}@${canonical}`;
}

export function isLid(jid) {
  return typeof jid === 'string' && (jid.endsWith('@lid') || jid.endsWith('@hosted.lid'));
}

export function isPhoneJid(jid) {
  return typeof jid === 'string' && (jid.endsWith('@s.whatsapp.net') || jid.endsWith('@c.us') || jid.endsWith('@hosted'));
}

export class JidBook {
  #pnByLid = new Map();
  #lidByPn = new Map();
  #keyedAs = new Map();
  #file;
  #log;
  #saveTimer;
  #saving = Promise.resolve();
  #dirty = false;

  /** @param file where to keep the book (optional: in memory only without it) */
  constructor({ file, log } = {}) {
    this.#file = file;
    this.#log = log;
  }

  /** Reads the saved book; a damaged file is logged and ignored (everything in it can be learnt again). */
  async load() {
    if (!this.#file) return;
    let saved;
    try {
      saved = JSON.parse(await readFile(this.#file, 'utf8'));
    } catch (error) {
      if (error?.code !== 'ENOENT') this.#log?.warn({ err: error }, 'the saved LID book cannot be read; starting an empty one');
      return;
    }
    for (const [lid, pn] of Object.entries(saved?.pnByLid ?? {})) this.#set(lid, pn);
    for (const [chat, form] of Object.entries(saved?.keyedAs ?? {})) {
      if (typeof form === 'string') this.#keyedAs.set(chat, form);
    }
  }

  get size() {
    return this.#pnByLid.size;
  }

  /** Remembers that a LID and a phone-number JID name the same person; true when this was news. */
  remember(lid, pn) {
    if (!lid || !pn) {
      return false;
    }
    let l = normalizeJid(lid);
    let p = normalizeJid(pn);
    if (isLid(p) && isPhoneJid(l)) [l, p] = [p, l];
    if (!isLid(l) || !isPhoneJid(p)) {
      return false;
    }
    if (this.#pnByLid.get(l) === p && this.#lidByPn.get(p) === l) {
      return false;
    }
    this.#set(l, p);
    this.#changed();
    return true;
  }

  #set(lid, pn) {
    const oldPn = this.#pnByLid.get(lid);
    if (oldPn && oldPn !== pn) this.#lidByPn.delete(oldPn);
    const oldLid = this.#lidByPn.get(pn);
    if (oldLid && oldLid !== lid) this.#pnByLid.delete(oldLid);
    this.#pnByLid.set(lid, pn);
    this.#lidByPn.set(pn, lid);
  }

  /** Learns the pairs a message key states: remoteJid with remoteJidAlt, participant with participantAlt. */
  learnFromKey(key) {
    if (!key) return;
    if (key.remoteJid && key.remoteJidAlt) this.remember(key.remoteJid, key.remoteJidAlt);
    if (key.participant && key.participantAlt) this.remember(key.participant, key.participantAlt);
  }

  /** Learns from a history conversation or chat: its id with pnJid or lidJid. */
  learnFromChat(chat) {
    if (!chat?.id) return;
    if (chat.lidJid && chat.pnJid) this.remember(chat.lidJid, chat.pnJid);
    if (chat.pnJid && isLid(chat.id)) this.remember(chat.id, chat.pnJid);
    if (chat.lidJid && isPhoneJid(chat.id)) this.remember(chat.lidJid, chat.id);
  }

  /** Learns from a contact of a history push: its id with lid or phoneNumber. */
  learnFromContact(contact) {
    if (!contact?.id) return;
    if (contact.lid && isPhoneJid(contact.id)) this.remember(contact.lid, contact.id);
    if (contact.phoneNumber && isLid(contact.id)) this.remember(contact.id, contact.phoneNumber);
  }

  /** The form to file a JID under: its phone-number form when known, else itself (normalised). */
  preferred(jid) {
    const normalized = normalizeJid(jid);
    return this.#pnByLid.get(normalized) ?? normalized;
  }

  /** The other form of a JID (LID for a phone number, and back), or undefined. */
  other(jid) {
    const normalized = normalizeJid(jid);
    return isLid(normalized) ? this.#pnByLid.get(normalized) : this.#lidByPn.get(normalized);
  }

  /** Every form of a JID this book knows, itself included. */
  aliases(jid) {
    const normalized = normalizeJid(jid);
    const forms = new Set([normalized]);
    const other = this.other(normalized);
    if (other) {
      forms.add(other);
    }
    return forms;
  }

  /** Whether the book can place this JID: a phone number or group, or a LID it knows the number of. */
  knows(jid) {
    const normalized = normalizeJid(jid);
    return !isLid(normalized) || this.#pnByLid.has(normalized);
  }

  /** Remembers the form WhatsApp keyed a chat's messages under (chat given in its filed form). */
  noteKeyedAs(chat, form) {
    const normalizedChat = this.preferred(chat);
    const normalizedForm = normalizeJid(form);
    if (!normalizedChat || !normalizedForm || this.#keyedAs.get(normalizedChat) === normalizedForm) return;
    if (normalizedChat !== normalizedForm && this.other(normalizedChat) !== normalizedForm) return;
    this.#keyedAs.set(normalizedChat, normalizedForm);
    this.#changed();
  }

  /** The form WhatsApp last keyed the chat's messages under, or undefined when unknown. */
  keyedAs(chat) {
    return this.#keyedAs.get(this.preferred(chat));
  }

  /** Like aliases, also asking the socket's LID store (Baileys 7, persisted) for a pair this book lacks. */
  async resolveAliases(jid, lidMapping) {
    await this.resolve([jid], lidMapping);
    return this.aliases(jid);
  }

  /** Asks the socket's LID store about every JID here the book cannot pair yet. */
  async resolve(jids, lidMapping) {
    if (!lidMapping) return;
    for (const jid of new Set([...jids].filter(Boolean).map(normalizeJid))) {
      if (this.other(jid)) continue;
      try {
        if (isLid(jid)) {
          this.remember(jid, await lidMapping.getPNForLID?.(jid));
        } else if (isPhoneJid(jid)) {
          this.remember(await lidMapping.getLIDForPN?.(jid), jid);
        }
      } catch (error) {
        this.#log?.debug?.({ err: error, jid }, 'the LID store could not pair a JID');
      }
    }
  }

  #changed() {
    this.#dirty = true;
    if (!this.#file || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#saving = this.#saving.then(() => this.#save());
    }, 100);
    this.#saveTimer.unref?.();
  }

  /** Forgets everything (the link was logged out): nothing more is saved. */
  forget() {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    this.#dirty = false;
    this.#pnByLid.clear();
    this.#lidByPn.clear();
    this.#keyedAs.clear();
  }

  /** Writes what is not saved yet, and waits for it. */
  async flush() {
    if (this.#saveTimer) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = undefined;
      this.#saving = this.#saving.then(() => this.#save());
    }
    await this.#saving;
  }

  async #save() {
    if (!this.#dirty || !this.#file) return;
    this.#dirty = false;
    const content = JSON.stringify({
      pnByLid: Object.fromEntries(this.#pnByLid),
      keyedAs: Object.fromEntries(this.#keyedAs),
    });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    try {
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.#file);
    } catch (error) {
      this.#dirty = true;
      this.#log?.warn({ err: error }, 'the LID book could not be saved');
    }
  }
}
