/**
 * Verba's refusals that follow from the call's own state are the caller's 409s, not a
 * provider failure (502). The sandbox answers -6 on a protected call (checked through the
 * routes in test/shared/verba-routes.ts); -7 comes only from a race (the call changed phase
 * between the gateway's look at it and the media request), so its mapping is checked here.
 */
import { describe, expect, it } from 'vitest';
import { VerbaClient } from '../../providers/verba/client.ts';
import type { VerbaConfig } from '../../providers/verba/config.ts';
import { parseVerbaAnswer } from '../../providers/verba/xml.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { NO_METRICS } from '../../src/core/telemetry.ts';

const client = new VerbaClient(
  { provider: 'verba', instance: 'verba' },
  { credentials: null } as unknown as VerbaConfig,
  { now: Date.now, metrics: NO_METRICS },
);

function refusal(code: string, type: string, message: string): GatewayError {
  const answer = parseVerbaAnswer(
    `<VerbaApi><Response code="${code}" type="${type}"><ErrorMessage>${message}</ErrorMessage></Response></VerbaApi>`,
  );
  try {
    client.check(answer);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('no refusal');
}

describe('Verba refusals that follow from the call', () => {
  it.each([
    ['-6', 'DeleteCall', 'The call is protected from deletion.', 409, 'call_protected'],
    [
      '-7',
      'GetMedia',
      'The call is still being recorded; use GetMediaLive.',
      409,
      'call_in_progress',
    ],
    ['-7', 'GetMediaSegment', 'The call is still being recorded.', 409, 'call_in_progress'],
    ['-7', 'GetMediaLive', 'The call is not ongoing; use GetMedia.', 409, 'call_ended'],
    [
      '2',
      'KeepCall',
      'Unable to keep the call, because the call cannot be found.',
      404,
      'not_found',
    ],
    ['-4', 'DeleteCall', 'Invalid status.', 502, 'provider_error'],
  ])(
    '%s on %s is %i %s, keeping Verba’s code and words',
    (code, type, message, status, problem) => {
      const error = refusal(code, type, message);
      expect(error.status).toBe(status);
      expect(error.code).toBe(problem);
      expect(error.extras).toMatchObject({ providerCode: code, providerMessage: message });
    },
  );
});
