/**
 * Runs after the rest of the suite (see package.json): every log line the gateway wrote
 * during the tests, scanned for credentials.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBA_SANDBOX_DEFAULTS } from '../../providers/verba/sandbox/index.ts';
import { EVENT_KEYS } from '../support/event-keys.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { LOG_DIR } from '../support/log-capture.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';

const SECRETS = [
  VERBA_SANDBOX_DEFAULTS.apiKey,
  VERBA_SANDBOX_DEFAULTS.password,
  'wrong-password-123',
  // Gateway API keys: callers send them, no line may repeat them.
  ...Object.values(TEST_KEYS),
  ...Object.values(EVENT_KEYS),
];
// A credential parameter whose value is anything but the redaction marker.
const UNREDACTED_PARAM = /[?&](apiKey|token|password|userName)=(?!\[REDACTED\])/i;

describe('log lines of the whole suite', () => {
  const lines = existsSync(LOG_DIR)
    ? readdirSync(LOG_DIR)
        .filter((file) => file.endsWith('.ndjson'))
        .flatMap((file) => readFileSync(join(LOG_DIR, file), 'utf8').split('\n').filter(Boolean))
    : [];

  it('were written, with upstream calls among them', () => {
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((line) => line.includes('"msg":"upstream"'))).toBe(true);
  });

  it('carry no credential', () => {
    const leaks = lines.filter(
      (line) =>
        SECRETS.some((secret) => line.includes(secret)) ||
        UNREDACTED_PARAM.test(line) ||
        /Basic [A-Za-z0-9+/=]{8,}/.test(line) ||
        // Webhook signing secrets (Standard Webhooks), shown once to their owner, never logged.
        /whsec_[A-Za-z0-9+/=]{8,}/.test(line) ||
        /Bearer [!-~]{8,}/.test(line),
    );
    writeReliabilityReport('logs', { linesScanned: lines.length, leaks: leaks.length });
    expect(leaks).toEqual([]);
  });
});
