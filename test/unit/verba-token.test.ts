/**
 * Verba's token as one process holds it (SharedToken over the process's holder), on a fake
 * clock: one RequestToken for concurrent callers, renewed before its hour is up, replaced
 * once when Verba rejects it.
 */
import { describe, expect, it } from 'vitest';
import {
  TOKEN_LIFETIME_MS,
  TOKEN_RENEW_MARGIN_MS,
  tokenRenewal,
} from '../../providers/verba/token.ts';
import { fromSharedFailure, providerAuthFailed } from '../../src/core/errors.ts';
import { SharedToken } from '../../src/core/state/shared-token.ts';
import { processTokens } from '../../src/core/state/token-holder.ts';

describe("Verba's token in one process", () => {
  const setup = () => {
    let clock = 1_000_000;
    let issued = 0;
    const requests: Array<(value: string) => void> = [];
    const now = () => clock;
    const token = new SharedToken(processTokens(now), now, fromSharedFailure);
    const renew = tokenRenewal(
      () =>
        new Promise<string>((resolve) => {
          issued += 1;
          requests.push(resolve);
        }),
    );
    const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
    return {
      token,
      renew,
      issued: () => issued,
      answer: async (value: string) => {
        // The request reaches the holder a few turns after the caller asked.
        while (requests.length === 0) await settled();
        requests.shift()?.(value);
      },
      advance: (ms: number) => {
        clock += ms;
      },
    };
  };

  it('shares one request among concurrent first callers', async () => {
    const t = setup();
    const waiting = Promise.all([t.token.get(t.renew), t.token.get(t.renew), t.token.get(t.renew)]);
    await t.answer('one');
    expect(await waiting).toEqual(['one', 'one', 'one']);
    expect(t.issued()).toBe(1);
  });

  it('reuses the token, and renews it before the hour is up', async () => {
    const t = setup();
    const first = t.token.get(t.renew);
    await t.answer('one');
    await first;
    t.advance(TOKEN_LIFETIME_MS - TOKEN_RENEW_MARGIN_MS - 1);
    expect(await t.token.get(t.renew)).toBe('one');
    t.advance(2);
    const renewed = t.token.get(t.renew);
    await t.answer('two');
    expect(await renewed).toBe('two');
    expect(t.issued()).toBe(2);
  });

  it('replaces a rejected token once, even when several callers saw it rejected', async () => {
    const t = setup();
    const first = t.token.get(t.renew);
    await t.answer('one');
    await first;
    const a = t.token.replace('one', t.renew);
    const b = t.token.replace('one', t.renew);
    await t.answer('two');
    expect(await Promise.all([a, b])).toEqual(['two', 'two']);
    expect(t.issued()).toBe(2);
    // A late rejection of the old token does not throw the new one away.
    expect(await t.token.replace('one', t.renew)).toBe('two');
    expect(t.issued()).toBe(2);
  });

  it("passes Verba's refusal of the credentials on as the same problem", async () => {
    const refused = providerAuthFailed(
      "Verba instance 'verba' refused the configured credentials.",
      {
        provider: 'verba',
        instance: 'verba',
        providerCode: '-1',
      },
    );
    const now = () => 0;
    const token = new SharedToken(processTokens(now), now, fromSharedFailure);
    const error = await token.get(tokenRenewal(() => Promise.reject(refused))).catch((e) => e);
    expect(error).toMatchObject({
      status: 502,
      code: 'provider_auth_failed',
      message: refused.message,
      extras: refused.extras,
    });
  });
});
