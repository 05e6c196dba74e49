// Runs the real sidecar program (src/main.js) as a child process with the stand-in phone
// (testing/fake-phone.js: WhatsApp's side, feeding the installed Baileys' own history pipeline) in
// place of Baileys' network socket, and speaks the JSON-lines protocol to it as the plugin does.

import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { temporaryFolder } from './temporary-folders.js';

const here = dirname(fileURLToPath(import.meta.url));
export const MAIN = join(here, '..', 'src', 'main.js');
export const FAKE_PHONE = join(here, 'fake-phone.js');

export const ALICE = {
  jid: '31611111111@s.whatsapp.net',
  lid: '90011111111@lid',
  name: 'Alice',
  count: 120,
  firstTimestamp: 1_600_000_000,
  stepSeconds: 60,
};

// Every sidecar a test file started is killed when the file's tests end, so a test that failed
// before stop() cannot keep the file running.
const started = new Set();
after(() => {
  for (const sidecar of started) {
    if (sidecar.process.exitCode === null) sidecar.process.kill('SIGKILL');
  }
});

export class SidecarUnderTest {
  constructor(phoneConfig, { folder, args = [] } = {}) {
    this.folder = folder ?? temporaryFolder('sidecar-test-');
    this.authDir = join(this.folder, 'auth');
    this.journalFile = join(this.folder, 'requests.jsonl');
    const configFile = join(this.folder, 'phone.json');
    writeFileSync(configFile, JSON.stringify({ journal: this.journalFile, ...phoneConfig }));
    this.events = [];
    this.lines = [];
    this.waiters = [];
    this.replies = new Map();
    this.nextId = 1;
    this.stderr = '';
    this.process = spawn(process.execPath, [MAIN, '--socket-module', FAKE_PHONE, '--socket-config', configFile, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    started.add(this);
    this.process.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    createInterface({ input: this.process.stdout }).on('line', (line) => this.#onLine(line));
  }

  #onLine(line) {
    this.lines.push(line);
    const message = JSON.parse(line);
    if (message.event) {
      this.events.push(message);
    } else {
      this.replies.get(message.id)?.(message);
    }
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Sends a command; resolves with the whole reply line ({ok, data} or {ok:false, error}), or
   * rejects (with the sidecar's last log lines) when none comes within timeoutMs.
   */
  send(cmd, args = {}, timeoutMs = 120_000) {
    const id = `c${this.nextId++}`;
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${cmd} within ${timeoutMs} ms; the sidecar's log ends:\n`
        + this.stderr.split('\n').slice(-20).join('\n'))), timeoutMs);
      this.replies.set(id, (line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
    this.process.stdin.write(JSON.stringify({ id, cmd, args }) + '\n');
    return reply;
  }

  async start(connectArgs = {}) {
    const hello = await this.send('hello', { protocol: 1 });
    const connected = await this.send('connect', {
      authDir: this.authDir, pauseMs: 0, requestTimeoutMs: 3000, quietPeriodMs: 40, reconnectBaseMs: 20, ...connectArgs,
    });
    return { hello, connected };
  }

  /** Resolves with the first event (old or new) of that name matching the predicate. */
  waitForEvent(name, predicate = () => true, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find((event) => event.event === name && predicate(event));
        if (found) {
          this.waiters = this.waiters.filter((waiter) => waiter !== check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`no ${name} event within ${timeoutMs} ms; events: ${JSON.stringify(this.events.map((e) => e.event + ':' + (e.state ?? '')))}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  /** Resolves once the file exists (the link's keys are written a moment after the events that change them). */
  async waitForFile(path, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(path)) {
      if (Date.now() > deadline) throw new Error(`${path} was never written`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  waitForOpen() {
    return this.waitForEvent('connection', (event) => event.state === 'open');
  }

  eventsNamed(name) {
    return this.events.filter((event) => event.event === name);
  }

  journal() {
    if (!existsSync(this.journalFile)) return [];
    return readFileSync(this.journalFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }

  /** The history requests the phone received, in order. */
  requests() {
    return this.journal().filter((entry) => entry.n !== undefined);
  }

  /** The sockets the phone saw opened, with the WhatsApp Web version each announced. */
  sockets() {
    return this.journal().filter((entry) => entry.version !== undefined);
  }

  async stop() {
    if (this.process.exitCode === null) {
      await this.send('shutdown', {}, 30_000).catch(() => this.process.kill('SIGKILL'));
    }
    return this.exited;
  }
}

/**
 * The anchor for the message at index of chat, as the plugin builds it from the archive; remoteJid,
 * when given, is the chat form the stored message was keyed under.
 */
export function anchorAt(chat, index, remoteJid) {
  const anchor = {
    id: `${chat.idPrefix ?? 'M'}${String(index).padStart(6, '0')}`,
    fromMe: index % 4 === 1,
    timestamp: (chat.firstTimestamp ?? 1_600_000_000) + index * (chat.stepSeconds ?? 60),
  };
  if (remoteJid) anchor.remoteJid = remoteJid;
  return anchor;
}

/** The next anchor after a page: its oldest message, with the form it was keyed under. */
export function anchorOf(message) {
  return { id: message.id, fromMe: message.fromMe, timestamp: message.timestamp, remoteJid: message.raw?.key?.remoteJid };
}

/** Pages a chat back from anchor until the history ends (or maxPages); every reply and message. */
export async function pageBack(sidecar, chat, anchor, { maxPages = 20, prefix = 'r' } = {}) {
  const replies = [];
  const ids = [];
  let next = anchor;
  for (let page = 1; page <= maxPages; page++) {
    const reply = await sidecar.send('fetchHistory', { requestId: `${prefix}${page}`, chat, anchor: next, count: 50 });
    replies.push(reply);
    if (!reply.ok) break;
    ids.push(...reply.data.messages.map((message) => message.id));
    if (reply.data.endOfHistory || reply.data.messages.length === 0) break;
    next = anchorOf(reply.data.messages.at(-1));
  }
  return { replies, ids, last: replies.at(-1) };
}
