import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../src/core/logger.ts';
import { createPinoLogger } from '../../src/node/pino-logger.ts';

export const LOG_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test-results/logs');

/**
 * A real pino logger whose lines are kept in memory for assertions and appended to
 * test-results/logs/, which test/logs/ scans for secrets after the whole suite.
 */
export function captureLogs(name: string): {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
} {
  mkdirSync(LOG_DIR, { recursive: true });
  const file = join(LOG_DIR, `${name}-${process.pid}.ndjson`);
  const kept: string[] = [];
  const destination = {
    write(line: string) {
      kept.push(line);
      try {
        appendFileSync(file, line);
      } catch {
        // Another test run starting clears the directory: recreate it rather than fail the request.
        mkdirSync(LOG_DIR, { recursive: true });
        appendFileSync(file, line);
      }
    },
  };
  return {
    logger: createPinoLogger('debug', destination),
    lines: () => kept.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
