import pino, { type DestinationStream } from 'pino';
import type { Logger, LogLevel } from './logger.ts';
import { PINO_REDACT_PATHS } from './redact.ts';

/** The Node logger: pino JSON lines, with secret-named fields censored as a second guard. */
export function createPinoLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'callgate' },
      redact: { paths: PINO_REDACT_PATHS, censor: '[REDACTED]' },
    },
    destination,
  );
}
