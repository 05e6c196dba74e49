// The real socket module: Baileys, as pinned in package.json. The sidecar reaches WhatsApp only
// through the members below, which is what lets the tests put a stand-in phone in its place
// (testing/fake-phone.js, chosen with --socket-module):
//
//   name, version                 for "hello"
//   baileys?                      the Baileys module it uses, whose history-notification decoder
//                                 the sidecar then shares (else it imports the installed one)
//   useAuthState(authDir)         -> {state: {creds, keys}, saveCreds(), flush()?}
//   makeSocket(options)           -> a Baileys socket (ev, authState, fetchMessageHistory, ...)
//   latestVersion({timeoutMs})?   -> {version: [2, 3000, n], source}: the WhatsApp Web version to
//                                    announce (optional; without it Baileys' built-in one is used)

import { createRequire } from 'node:module';
import { useAtomicAuthState } from './auth-state.js';

export async function createSocketModule({ log } = {}) {
  const baileys = await import('@whiskeysockets/baileys');
  const makeWASocket = baileys.makeWASocket ?? baileys.default;
  const require = createRequire(import.meta.url);
  const { version } = require('@whiskeysockets/baileys/package.json');
  return {
    name: 'baileys',
    version,
    baileys,
    // Atomic writes, and a damaged creds.json is an error, never a fresh identity (auth-state.js).
    useAuthState: (authDir) => useAtomicAuthState(authDir, baileys, log),
    latestVersion: ({ timeoutMs } = {}) => latestVersion(baileys, timeoutMs, log),
    makeSocket: (options) => makeWASocket({
      ...options,
      auth: {
        creds: options.auth.creds,
        // Keys are read on every message; the cache spares the disk.
        keys: baileys.makeCacheableSignalKeyStore(options.auth.keys, options.logger),
      },
      // A desktop identity gets the larger pairing-time push of history.
      browser: baileys.Browsers.macOS('Desktop'),
    }),
  };
}

/**
 * The WhatsApp Web version to announce: WhatsApp Web's own current one (fetchLatestWaWebVersion),
 * else the one on Baileys' main branch (fetchLatestBaileysVersion), else the one built into this
 * Baileys release. Each lookup gets timeoutMs; both fall back to the built-in version by themselves
 * when offline.
 *
 * @param baileys the Baileys module (its two helpers, DEFAULT_CONNECTION_CONFIG)
 */
export async function latestVersion(baileys, timeoutMs = 10_000, log) {
  const lookups = [
    ['web.whatsapp.com', baileys.fetchLatestWaWebVersion],
    ['baileys', baileys.fetchLatestBaileysVersion],
  ];
  for (const [source, lookup] of lookups) {
    if (typeof lookup !== 'function') continue;
    try {
      const found = await withTimeout(lookup({ signal: AbortSignal.timeout(timeoutMs) }), timeoutMs);
      if (found?.isLatest && Array.isArray(found.version)) {
        return { version: found.version, source };
      }
      log?.info({ source, err: found?.error?.message ?? found?.error }, 'the WhatsApp Web version lookup gave nothing');
    } catch (error) {
      log?.info({ source, err: error?.message }, 'the WhatsApp Web version lookup failed');
    }
  }
  return { version: baileys.DEFAULT_CONNECTION_CONFIG.version, source: 'built-in' };
}

// fetchLatestBaileysVersion passes no abort signal to fetch: the race keeps a lookup from hanging.
function withTimeout(promise, ms) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
