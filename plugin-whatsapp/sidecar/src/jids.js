// WhatsApp names a person two ways: by phone number (123@s.whatsapp.net) and, since 2025, by a
// private "LID" (987@lid). A history request sent for one form may be answered under the other, so
// the sidecar keeps a book of the pairs it has seen and files everything under the phone-number form
// (the form the archive's chat ids use) whenever it knows it.

const USER_SERVERS = new Set(['s.whatsapp.net', 'lid', 'c.us', 'hosted', 'hosted.lid']);

/** The JID without its device part: "123:7@s.whatsapp.net" -> "123@s.whatsapp.net". */
export function normalizeJid(jid) {
  if (typeof jid !== 'string' || !jid.includes('@')) {
    return jid;
  }
  const [user, server] = jid.split('@');
  if (!USER_SERVERS.has(server)) {
    return jid;
  }
  const bareUser = user.split(':')[0];
  return `${bareUser}@${server === 'c.us' ? 's.whatsapp.net' : server}`;
}

export function isLid(jid) {
  return typeof jid === 'string' && (jid.endsWith('@lid') || jid.endsWith('@hosted.lid'));
}

export class JidBook {
  #pnByLid = new Map();
  #lidByPn = new Map();

  /** Remembers that a LID and a phone-number JID name the same person. */
  remember(lid, pn) {
    if (!lid || !pn) {
      return;
    }
    const l = normalizeJid(lid);
    const p = normalizeJid(pn);
    if (!isLid(l) || isLid(p)) {
      return;
    }
    this.#pnByLid.set(l, p);
    this.#lidByPn.set(p, l);
  }

  /** The form to file a JID under: its phone-number form when known, else itself (normalised). */
  preferred(jid) {
    const normalized = normalizeJid(jid);
    return this.#pnByLid.get(normalized) ?? normalized;
  }

  /** Every form of a JID this book knows, itself included. */
  aliases(jid) {
    const normalized = normalizeJid(jid);
    const forms = new Set([normalized]);
    const other = isLid(normalized) ? this.#pnByLid.get(normalized) : this.#lidByPn.get(normalized);
    if (other) {
      forms.add(other);
    }
    return forms;
  }

  /** Like aliases, also asking the socket's own LID store (Baileys 7) for a pair this book lacks. */
  async resolveAliases(jid, lidMapping) {
    const forms = this.aliases(jid);
    if (forms.size > 1 || !lidMapping) {
      return forms;
    }
    const normalized = normalizeJid(jid);
    try {
      if (isLid(normalized)) {
        this.remember(normalized, await lidMapping.getPNForLID?.(normalized));
      } else if (normalized.endsWith('@s.whatsapp.net')) {
        this.remember(await lidMapping.getLIDForPN?.(normalized), normalized);
      }
    } catch {
      // The store may not know the pair yet; matching by request id and the known form still works.
    }
    return this.aliases(jid);
  }
}
