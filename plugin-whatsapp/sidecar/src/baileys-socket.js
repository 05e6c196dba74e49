// The real socket module: Baileys, as pinned in package.json. The sidecar reaches WhatsApp only
// through the four members below, which is what lets the tests put a simulated phone in its place
// (test/fake-phone.js, chosen with --socket-module).

import { createRequire } from 'node:module';

export async function createSocketModule() {
  const baileys = await import('@whiskeysockets/baileys');
  const makeWASocket = baileys.makeWASocket ?? baileys.default;
  const require = createRequire(import.meta.url);
  const { version } = require('@whiskeysockets/baileys/package.json');
  return {
    name: 'baileys',
    version,
    useAuthState: (authDir) => baileys.useMultiFileAuthState(authDir),
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
