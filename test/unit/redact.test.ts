import { describe, expect, it } from 'vitest';
import { censorSecrets, redactUrl } from '../../src/core/redact.ts';
import { createPinoLogger } from '../../src/node/pino-logger.ts';
import { createConsoleLogger } from '../../src/worker/console-logger.ts';

describe('redactUrl', () => {
  it('hides apiKey, token, userName and password, whatever their case', () => {
    const url =
      'http://192.168.1.104/verba/api?action=DeleteCall&apiKey=74c8eea0&TOKEN=09835e02&userName=ops&Password=s3cret&extension=8856&status=last';
    const shown = redactUrl(url);
    expect(shown).toBe(
      'http://192.168.1.104/verba/api?action=DeleteCall&apiKey=[REDACTED]&TOKEN=[REDACTED]&userName=[REDACTED]&Password=[REDACTED]&extension=8856&status=last',
    );
  });

  it('hides credentials in the authority', () => {
    expect(redactUrl('https://user:pass@example.com/rest/call/1')).toBe(
      'https://example.com/rest/call/1',
    );
  });

  it('keeps URLs without secrets as they are and refuses unparsable ones', () => {
    expect(redactUrl('http://h/verba/api?action=GetCallID&extension=1')).toBe(
      'http://h/verba/api?action=GetCallID&extension=1',
    );
    expect(redactUrl('not a url apiKey=1')).toBe('[REDACTED]');
  });
});

describe('structured fields', () => {
  it('are scrubbed by name at any depth by the Worker logger', () => {
    const lines: string[] = [];
    const log = createConsoleLogger('info', { service: 'callgate' }, (line) => lines.push(line));
    log.info({ upstream: { headers: { Authorization: 'Basic abc' }, password: 'p', ok: 1 } }, 'x');
    log.debug({ token: 'hidden-by-level' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      service: 'callgate',
      msg: 'x',
      upstream: { headers: { Authorization: '[REDACTED]' }, password: '[REDACTED]', ok: 1 },
    });
    expect(censorSecrets([{ apiKey: 'k' }])).toEqual([{ apiKey: '[REDACTED]' }]);
  });

  it('are scrubbed by name at any depth by the Node logger, leaving clean lines as they are', () => {
    const lines: string[] = [];
    const log = createPinoLogger('info', { write: (line: string) => lines.push(line) });
    const clean = { upstream: { status: 200, ok: true } };
    expect(censorSecrets(clean)).toBe(clean);
    log.child({ requestId: 'r1' }).info(
      {
        apiKey: 'k',
        upstream: { headers: { Authorization: 'Basic abc' }, userName: 'u', ok: 1 },
      },
      'x',
    );
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      requestId: 'r1',
      apiKey: '[REDACTED]',
      upstream: { headers: { Authorization: '[REDACTED]' }, userName: '[REDACTED]', ok: 1 },
    });
    expect(censorSecrets([{ token: 't' }, 'x'])).toEqual([{ token: '[REDACTED]' }, 'x']);
  });
});
