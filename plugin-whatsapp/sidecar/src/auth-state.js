// The WhatsApp link's keys in a folder: the same files as Baileys' useMultiFileAuthState (creds.json
// and one "<type>-<id>.json" per signal key, so a folder written by either reads in the other), kept
// safely. Baileys' own helper says it is not for production, and it is not: it writes files in
// place (a crash mid-write leaves half a file) and reads an unreadable creds.json as "no creds",
// which silently turns a damaged link into a fresh, unpaired identity. Here:
//
// - every write goes to a temporary file in the same folder, is flushed to disk (fsync), then
//   renamed over the old file, and the folder itself is synced: after a crash there is the old file
//   or the new one, never a mix;
// - writes to one file are serialised, and flush() waits for every write begun so far, so a
//   shutdown can finish them before the process exits;
// - a creds.json that exists but cannot be read throws AuthStateDamagedError, with a sentence the
//   user can act on; nothing is overwritten;
// - a key file that cannot be read is logged and treated as absent (Baileys rebuilds a signal
//   session it cannot find), and counted in damagedKeyFiles.

import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const CREDS_FILE = 'creds.json';

/** The folder holds a creds.json that cannot be used; the message says what to do. */
export class AuthStateDamagedError extends Error {
  constructor(folder, detail) {
    super(`The saved WhatsApp link in ${folder} is damaged (${detail}). Move that folder away (or delete it)`
      + ' and restart to pair this device again; nothing was overwritten.');
    this.code = 'AUTH_DAMAGED';
    this.folder = folder;
  }
}

/**
 * Why the creds.json in folder cannot be used, or undefined when it is absent or readable. Needs no
 * Baileys: the sidecar checks this before handing the folder to any socket module.
 */
export async function credsProblem(folder) {
  let text;
  try {
    text = await readFile(join(folder, CREDS_FILE), 'utf8');
  } catch (error) {
    return error?.code === 'ENOENT' ? undefined : `creds.json cannot be read: ${error.message}`;
  }
  if (text.trim() === '') {
    return 'creds.json is empty';
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `creds.json is not complete JSON: ${error.message}`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'creds.json does not hold a set of keys';
  }
  return undefined;
}

const fixFileName = (file) => file.replace(/\//g, '__').replace(/:/g, '-');

/**
 * Opens (creating it if needed) the auth state in folder.
 *
 * @param folder the account's auth folder
 * @param baileys {initAuthCreds, BufferJSON, proto} from the Baileys package
 * @param log     a logger (warn)
 * @returns {state: {creds, keys: {get, set}}, saveCreds, flush, damagedKeyFiles}
 */
export async function useAtomicAuthState(folder, { initAuthCreds, BufferJSON, proto }, log) {
  const info = await stat(folder).catch(() => undefined);
  if (info && !info.isDirectory()) {
    throw new AuthStateDamagedError(folder, 'it is a file, not a folder');
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });

  const chains = new Map();
  const pending = new Set();
  let damagedKeyFiles = 0;
  let temporaryCount = 0;

  // Runs action after every earlier action on the same file has ended.
  const serialised = (file, action) => {
    const previous = chains.get(file) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(action);
    chains.set(file, next);
    pending.add(next);
    next.finally(() => {
      pending.delete(next);
      if (chains.get(file) === next) chains.delete(file);
    }).catch(() => {});
    return next;
  };

  const syncFolder = async () => {
    let handle;
    try {
      handle = await open(folder, 'r');
      await handle.sync();
    } catch {
      // Some file systems cannot sync a directory; the rename is still atomic there.
    } finally {
      await handle?.close();
    }
  };

  const writeData = (data, file) => serialised(file, async () => {
    const path = join(folder, fixFileName(file));
    const temporary = `${path}.${process.pid}.${++temporaryCount}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(data, BufferJSON.replacer));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncFolder();
  });

  const removeData = (file) => serialised(file, async () => {
    await rm(join(folder, fixFileName(file)), { force: true });
  });

  const readKey = (file) => serialised(file, async () => {
    let text;
    try {
      text = await readFile(join(folder, fixFileName(file)), 'utf8');
    } catch (error) {
      if (error?.code !== 'ENOENT') log?.warn({ file, err: error }, 'a key file of the WhatsApp link cannot be read');
      return null;
    }
    try {
      return JSON.parse(text, BufferJSON.reviver);
    } catch (error) {
      damagedKeyFiles++;
      log?.warn({ file, err: error }, 'a key file of the WhatsApp link is damaged; treating it as absent');
      return null;
    }
  });

  const problem = await credsProblem(folder);
  if (problem) {
    throw new AuthStateDamagedError(folder, problem);
  }
  let creds;
  try {
    const text = await readFile(join(folder, CREDS_FILE), 'utf8');
    creds = JSON.parse(text, BufferJSON.reviver);
  } catch (error) {
    if (error?.code !== 'ENOENT') throw new AuthStateDamagedError(folder, `creds.json cannot be read: ${error.message}`);
    creds = initAuthCreds();
  }

  return {
    state: {
      creds,
      keys: {
        get: async (type, ids) => {
          const data = {};
          await Promise.all(ids.map(async (id) => {
            let value = await readKey(`${type}-${id}.json`);
            if (type === 'app-state-sync-key' && value) {
              value = proto.Message.AppStateSyncKeyData.fromObject(value);
            }
            data[id] = value;
          }));
          return data;
        },
        set: async (data) => {
          const tasks = [];
          for (const category in data) {
            for (const id in data[category]) {
              const value = data[category][id];
              const file = `${category}-${id}.json`;
              tasks.push(value ? writeData(value, file) : removeData(file));
            }
          }
          await Promise.all(tasks);
        },
      },
    },
    saveCreds: () => writeData(creds, CREDS_FILE),
    /** Resolves when every write begun so far has ended (failed ones included). */
    flush: async () => {
      while (pending.size) {
        await Promise.allSettled([...pending]);
      }
    },
    get damagedKeyFiles() {
      return damagedKeyFiles;
    },
  };
}
