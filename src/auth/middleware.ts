/**
 * Checks the caller's key before anything else looks at the request, so a caller without
 * the right key learns nothing about the input and never reaches a provider.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../core/env.ts';
import { GatewayError } from '../core/errors.ts';
import type { AuthSettings } from './keys.ts';
import type { RoutePolicy } from './policy.ts';
import { type Caller, createKeyVerifier } from './verify.ts';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="callgate"';

/**
 * Sets the request's caller, or throws its 401 or 403. Synchronous for a key already
 * proven (every request of a known caller but its first); a promise only otherwise.
 */
export type Authenticate = (c: Context<AppEnv>, policy: RoutePolicy) => void | Promise<void>;

export function authenticate(settings: AuthSettings): Authenticate {
  const verify = createKeyVerifier(settings.keys);
  return (c, policy) => {
    c.set('caller', null);
    // Open mode has no keys to check a header against: whatever is sent is ignored.
    if (policy.scopes === null || settings.open) return;
    const header = c.req.header('authorization');
    if (header === undefined) {
      throw new GatewayError(
        401,
        'unauthorized',
        'Send a gateway API key as `Authorization: Bearer <key>`.',
        {},
        { 'www-authenticate': CHALLENGE },
      );
    }
    const presented = BEARER.exec(header)?.[1];
    const known = presented ? verify.known(presented) : undefined;
    if (known) return admit(c, policy, known);
    if (!presented) return admit(c, policy, null);
    return verify(presented).then((caller) => admit(c, policy, caller));
  };
}

function admit(c: Context<AppEnv>, policy: RoutePolicy, caller: Caller | null): void {
  if (!caller) {
    throw new GatewayError(
      401,
      'unauthorized',
      'The API key is not one this gateway knows.',
      {},
      { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` },
    );
  }
  c.set('caller', caller);
  const missing = (policy.scopes ?? []).filter((scope) => !caller.scopes.includes(scope));
  if (missing.length) {
    throw new GatewayError(
      403,
      'forbidden',
      `This API key lacks the scope${missing.length > 1 ? 's' : ''} ${missing.map((s) => `'${s}'`).join(', ')}.`,
      {},
      {
        'www-authenticate': `${CHALLENGE}, error="insufficient_scope", scope="${missing.join(' ')}"`,
      },
    );
  }
}
