/**
 * Verba's tokens, as the gateway's state holds them for every request (src/core/state/):
 * how long one may be handed out, and a RequestToken as the holder asks for it.
 */
import { GatewayError, toSharedFailure } from '../../src/core/errors.ts';
import type { TokenRenewal } from '../../src/core/state/types.ts';
import type { TokenReason } from '../../src/core/telemetry.ts';

/** Verba tokens live one hour; renew a little before, so no request carries a dying one. */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
export const TOKEN_RENEW_MARGIN_MS = 5 * 60 * 1000;

/**
 * `request` (a RequestToken) as a renewal: its problem travels as data to every waiter.
 * `onRequest` hears of each request the holder has this process send, for the metrics.
 */
export function tokenRenewal(
  request: () => Promise<string>,
  onRequest: (reason: TokenReason, granted: boolean) => void = () => {},
): TokenRenewal {
  return async (reason) => {
    try {
      const value = await request();
      onRequest(reason, true);
      return { ok: true, value, validForMs: TOKEN_LIFETIME_MS - TOKEN_RENEW_MARGIN_MS };
    } catch (error) {
      onRequest(reason, false);
      if (!(error instanceof GatewayError)) throw error;
      return { ok: false, failure: toSharedFailure(error) };
    }
  };
}
