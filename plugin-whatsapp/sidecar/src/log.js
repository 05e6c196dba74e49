// A small logger with the shape Baileys expects (pino's: level, child, trace..error), writing one
// JSON line per entry to stderr. stdout belongs to the protocol alone; the plugin copies stderr into
// its log file.

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export class StderrLogger {
  constructor(level = 'info', bindings = {}, stream = process.stderr) {
    this.level = level in LEVELS ? level : 'info';
    this.bindings = bindings;
    this.stream = stream;
    for (const name of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
      this[name] = (object, message) => this.#write(name, object, message);
    }
  }

  /** A logger with more fields; options.minimumLevel raises its level (never lowers it). */
  child(bindings, options = {}) {
    const floor = options.minimumLevel in LEVELS ? options.minimumLevel : this.level;
    const level = LEVELS[floor] > LEVELS[this.level] ? floor : this.level;
    return new StderrLogger(level, { ...this.bindings, ...bindings }, this.stream);
  }

  #write(level, object, message) {
    if (LEVELS[level] < LEVELS[this.level]) {
      return;
    }
    const fields = typeof object === 'object' && object !== null && !(object instanceof Error)
      ? object : { msg: String(object) };
    const entry = { level, time: new Date().toISOString(), ...this.bindings, ...fields };
    if (object instanceof Error || fields.err instanceof Error) {
      const error = object instanceof Error ? object : fields.err;
      entry.err = { message: error.message, stack: error.stack };
    }
    if (message !== undefined) {
      entry.msg = message;
    }
    try {
      this.stream.write(JSON.stringify(entry, (key, value) => (typeof value === 'bigint' ? value.toString() : value)) + '\n');
    } catch {
      this.stream.write(JSON.stringify({ level, msg: String(message ?? object) }) + '\n');
    }
  }
}
