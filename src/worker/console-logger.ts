import type { Logger, LogLevel } from '../core/logger.ts';
import { censorSecrets } from '../core/redact.ts';

const SEVERITY: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/**
 * JSON lines on console, for the Worker: pino does not run there, and Workers Logs index
 * each console line's JSON fields when observability is on. Same field names as pino.
 */
export function createConsoleLogger(
  level: LogLevel = 'info',
  bindings: object = {},
  write: (line: string) => void = (line) => console.log(line),
): Logger {
  const threshold = SEVERITY[level];
  const emit = (lineLevel: LogLevel, fields: object, message?: string) => {
    if (SEVERITY[lineLevel] < threshold) return;
    const record = {
      level: SEVERITY[lineLevel],
      time: Date.now(),
      ...bindings,
      ...censorSecrets(fields),
      ...(message ? { msg: message } : {}),
    };
    write(JSON.stringify(record));
  };
  return {
    debug: (fields, message) => emit('debug', fields, message),
    info: (fields, message) => emit('info', fields, message),
    warn: (fields, message) => emit('warn', fields, message),
    error: (fields, message) => emit('error', fields, message),
    child: (more) => createConsoleLogger(level, { ...bindings, ...more }, write),
  };
}
