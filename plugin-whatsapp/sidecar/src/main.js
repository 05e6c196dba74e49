#!/usr/bin/env node
// Entry point: node src/main.js [--socket-module PATH] [--socket-config PATH] [--log-level LEVEL]
//
// --socket-module replaces Baileys with another module of the same shape (the tests' stand-in
// phone, see src/baileys-socket.js for the shape); CHAT_ARCHIVE_SOCKET_MODULE does the same from the
// environment. --socket-config is handed to that module as parsed JSON.
//
// Leaving: "shutdown", the end of stdin (the plugin died), SIGTERM and SIGINT all close the link the
// same way: the socket is closed (not logged out), every write of the link's keys that has begun is
// finished, then the process exits 0.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PROTOCOL_VERSION, ProtocolWriter, readCommands } from './protocol.js';
import { StderrLogger } from './log.js';
import { SIDECAR_VERSION, Sidecar } from './sidecar.js';

// Auth files hold the keys of the WhatsApp link: readable by their owner only.
process.umask(0o077);

const { values: options } = parseArgs({
  options: {
    'socket-module': { type: 'string' },
    'socket-config': { type: 'string' },
    'log-level': { type: 'string', default: process.env.CHAT_ARCHIVE_SIDECAR_LOG_LEVEL ?? 'info' },
  },
});

const log = new StderrLogger(options['log-level'], { component: 'sidecar' });
const writer = new ProtocolWriter(process.stdout);
// A shutdown that cannot finish its writes in this time exits anyway (the plugin waits longer).
const SHUTDOWN_LIMIT_MS = 8000;

async function loadSocketModule() {
  const path = options['socket-module'] ?? process.env.CHAT_ARCHIVE_SOCKET_MODULE;
  const module = path ? await import(pathToFileURL(resolve(path)).href) : await import('./baileys-socket.js');
  const configPath = options['socket-config'] ?? process.env.CHAT_ARCHIVE_SOCKET_CONFIG;
  const config = configPath ? JSON.parse(await readFile(configPath, 'utf8')) : {};
  return module.createSocketModule({ config, log });
}

let exiting = false;
function exit(code) {
  exiting = true;
  // Let stdout drain before leaving, or the last reply could be cut off.
  process.stdout.write('', () => process.exit(code));
}

let sidecar;
let leaving;
function leave(why) {
  if (leaving) return leaving;
  log.info({ why }, 'closing the WhatsApp link and leaving');
  const limit = setTimeout(() => {
    log.warn('the link did not close in time; leaving anyway');
    exit(0);
  }, SHUTDOWN_LIMIT_MS);
  leaving = (sidecar ? sidecar.shutdown() : Promise.resolve())
    .catch((error) => log.error({ err: error }, 'closing the link failed'))
    .finally(() => {
      clearTimeout(limit);
      if (!exiting) exit(0);
    });
  return leaving;
}

process.on('unhandledRejection', (reason) => {
  log.error({ err: reason instanceof Error ? reason : new Error(String(reason)) }, 'unhandled rejection');
});
process.on('uncaughtException', (error) => {
  log.fatal({ err: error }, 'uncaught exception');
  writer.event('error', { message: `The sidecar crashed: ${error.message}`, fatal: true });
  exit(1);
});
process.on('SIGTERM', () => { leave('SIGTERM'); });
process.on('SIGINT', () => { leave('SIGINT'); });

let socketModule;
try {
  socketModule = await loadSocketModule();
} catch (error) {
  log.fatal({ err: error }, 'cannot load the socket module');
  writer.event('error', {
    message: `The sidecar cannot load WhatsApp's library (${error.message}); run "npm ci" in the sidecar folder.`,
    fatal: true,
  });
  exit(2);
}
if (socketModule) {
  sidecar = new Sidecar({
    socketModule,
    writer,
    log,
    exit: (code) => { exit(code); },
  });
  readCommands(process.stdin,
    (command) => { sidecar.handle(command); },
    (text, reason) => writer.event('error', { message: `Ignored a line that is not a command (${reason}).` }),
    () => { leave('stdin closed'); });
  writer.event('ready', { protocol: PROTOCOL_VERSION, sidecar: SIDECAR_VERSION, socket: socketModule.name });
}
