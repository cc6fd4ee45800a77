import { describe, expect, it } from 'vitest';
import {
  ManagedToken,
  TOKEN_LIFETIME_MS,
  TOKEN_RENEW_MARGIN_MS,
} from '../../providers/verba/token.ts';

describe('ManagedToken', () => {
  const setup = () => {
    let clock = 1_000_000;
    let issued = 0;
    const requests: Array<(value: string) => void> = [];
    const token = new ManagedToken<null>(
      () =>
        new Promise<string>((resolve) => {
          issued += 1;
          requests.push(resolve);
        }),
      () => clock,
    );
    return {
      token,
      issued: () => issued,
      answer: (value: string) => requests.shift()?.(value),
      advance: (ms: number) => {
        clock += ms;
      },
    };
  };

  it('shares one request among concurrent first callers', async () => {
    const t = setup();
    const waiting = Promise.all([t.token.get(null), t.token.get(null), t.token.get(null)]);
    t.answer('one');
    expect(await waiting).toEqual(['one', 'one', 'one']);
    expect(t.issued()).toBe(1);
  });

  it('reuses the token, and renews it before the hour is up', async () => {
    const t = setup();
    const first = t.token.get(null);
    t.answer('one');
    await first;
    t.advance(TOKEN_LIFETIME_MS - TOKEN_RENEW_MARGIN_MS - 1);
    expect(await t.token.get(null)).toBe('one');
    t.advance(2);
    const renewed = t.token.get(null);
    t.answer('two');
    expect(await renewed).toBe('two');
    expect(t.issued()).toBe(2);
  });

  it('replaces a rejected token once, even when several callers saw it rejected', async () => {
    const t = setup();
    const first = t.token.get(null);
    t.answer('one');
    await first;
    const a = t.token.replace('one', null);
    const b = t.token.replace('one', null);
    t.answer('two');
    expect(await Promise.all([a, b])).toEqual(['two', 'two']);
    expect(t.issued()).toBe(2);
    // A late rejection of the old token does not throw the new one away.
    expect(await t.token.replace('one', null)).toBe('two');
    expect(t.issued()).toBe(2);
  });
});
