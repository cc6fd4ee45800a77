/**
 * Checks the caller's key before anything else looks at the request, so a caller without
 * the right key learns nothing about the input and never reaches a provider.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../core/env.ts';
import { GatewayError } from '../core/errors.ts';
import type { AuthSettings } from './keys.ts';
import type { RoutePolicies } from './policy.ts';
import { createKeyVerifier } from './verify.ts';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="callgate"';

export function authenticate(settings: AuthSettings, policies: RoutePolicies) {
  const verify = createKeyVerifier(settings.keys);
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('caller', null);
    const policy = policies.of(c);
    // Open mode has no keys to check a header against: whatever is sent is ignored.
    if (policy.scopes === null || settings.open) return next();
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
    const caller = presented ? await verify(presented) : null;
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
    const missing = policy.scopes.filter((scope) => !caller.scopes.includes(scope));
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
    return next();
  });
}
