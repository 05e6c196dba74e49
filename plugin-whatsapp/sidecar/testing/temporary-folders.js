// Temporary folders for tests, removed when the test file's process exits (`node --test` runs each
// file in a process of its own), so that running the tests again and again does not fill the
// system's temporary folder with auth states and journals.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];

process.on('exit', () => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder under the system's temporary folder, named PREFIX + random characters. */
export function temporaryFolder(prefix) {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}
