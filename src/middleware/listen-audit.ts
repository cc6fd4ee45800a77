/**
 * The audit line of an audio request: who listened (the key's name), to what (call,
 * recording, format, segment), how many bytes went out and how it ended. Audio flows on
 * after the handler returns, so a streamed answer is audited when its stream ends; a
 * refused one at once.
 */
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../core/env.ts';
import { AUDIO_FORMATS } from '../core/media.ts';
import type { StreamOutcome } from '../core/stream.ts';
import { type AuditOutcome, outcomeOf } from './audit-outcome.ts';

const GATEWAY_ID = /^[a-z][a-z0-9-]{0,31}_[A-Za-z0-9._:@{}-]{1,128}$/;
const RECORDING_ID = /^[A-Za-z0-9._-]{1,128}$/;

const STREAM_OUTCOMES: Record<StreamOutcome, AuditOutcome | 'cancelled'> = {
  complete: 'done',
  // The listener hung up: the audio was served as far as it wanted it.
  cancelled: 'cancelled',
  timeout: 'failed',
  too_large: 'failed',
  network: 'failed',
};

const askedFormat = (format: string | undefined) =>
  format !== undefined && (AUDIO_FORMATS as readonly string[]).includes(format) ? format : null;

export function auditListening(c: Context<AppEnv>, operation: string | null): void {
  // Raw path parameters: a request refused before validation is audited too. Only
  // well-formed values reach the log.
  const param = pathParams(routePath(c, -1), c.req.path);
  const id = param.id === undefined ? null : GATEWAY_ID.test(param.id) ? param.id : '[malformed]';
  const recordingId =
    param.recordingId === undefined
      ? null
      : RECORDING_ID.test(param.recordingId)
        ? param.recordingId
        : '[malformed]';
  const listening = c.get('listening');
  const status = c.res.status;
  const log = c.get('log');
  const base = {
    operation,
    keyName: c.get('caller')?.name ?? null,
    instance: id && id !== '[malformed]' ? id.slice(0, id.indexOf('_')) : null,
    id,
    recordingId,
    format: listening?.format ?? askedFormat(c.req.query('format')),
    start: listening?.start ?? null,
    end: listening?.end ?? null,
    status,
    requestId: c.get('requestId'),
  };
  if (!listening || status >= 400) {
    log.info({ audit: { ...base, bytes: 0, outcome: outcomeOf(status, c.error) } }, 'audit');
    return;
  }
  void listening.done.then((end) =>
    log.info(
      {
        audit: {
          ...base,
          bytes: end.bytes,
          outcome: STREAM_OUTCOMES[end.outcome],
          ...(end.outcome === 'complete' || end.outcome === 'cancelled'
            ? {}
            : { ended: end.outcome }),
        },
      },
      'audit',
    ),
  );
}

/**
 * The path's parameters, by the matched route's pattern: after a refusal in an earlier
 * middleware Hono has not filled them in.
 */
function pathParams(pattern: string, path: string): { id?: string; recordingId?: string } {
  const names = pattern.split('/');
  const values = path.split('/');
  const out: Record<string, string> = {};
  names.forEach((name, index) => {
    const value = values[index];
    if (!name.startsWith(':') || value === undefined) return;
    try {
      out[name.slice(1)] = decodeURIComponent(value);
    } catch {
      out[name.slice(1)] = value;
    }
  });
  return out;
}
