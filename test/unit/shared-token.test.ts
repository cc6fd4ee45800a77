/**
 * The token as isolates see it: two SharedToken caches standing in for two isolates over
 * one holder (node:sqlite's process holder), on a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SharedToken } from '../../src/core/state/shared-token.ts';
import type { InstanceState, TokenOutcome } from '../../src/core/state/types.ts';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';

const opened: SqliteState[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function setup() {
  let clock = 1_000_000_000;
  const state = openSqliteState({ path: null, now: () => clock });
  opened.push(state);
  const holder = state.instance('verba');
  let asked = 0;
  const counted: Pick<InstanceState, 'token'> = {
    token: (renew, stale) => {
      asked += 1;
      return holder.token(renew, stale);
    },
  };
  let issued = 0;
  const renew = async (): Promise<TokenOutcome> => {
    issued += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { ok: true, value: `token-${issued}`, validForMs: 55 * 60 * 1000 };
  };
  const isolate = () =>
    new SharedToken(
      counted,
      () => clock,
      (failure) => new Error(failure.detail),
    );
  return {
    isolate,
    renew,
    issued: () => issued,
    asked: () => asked,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('SharedToken', () => {
  it('asks the holder once per isolate while the token is valid', async () => {
    const s = setup();
    const [a, b] = [s.isolate(), s.isolate()];
    const first = await Promise.all([a.get(s.renew), a.get(s.renew), b.get(s.renew)]);
    expect(first).toEqual(['token-1', 'token-1', 'token-1']);
    expect(await a.get(s.renew)).toBe('token-1');
    expect(s.asked()).toBe(2);
    expect(s.issued()).toBe(1);
  });

  it('asks again shortly before the token expires', async () => {
    const s = setup();
    const a = s.isolate();
    await a.get(s.renew);
    s.advance(55 * 60 * 1000);
    expect(await a.get(s.renew)).toBe('token-2');
    expect(s.issued()).toBe(2);
  });

  it('gets a refused token replaced once for all isolates', async () => {
    const s = setup();
    const [a, b] = [s.isolate(), s.isolate()];
    await a.get(s.renew);
    await b.get(s.renew);
    expect(await a.replace('token-1', s.renew)).toBe('token-2');
    // b reports the same refused token later: it gets token-2, with no new request.
    expect(await b.replace('token-1', s.renew)).toBe('token-2');
    expect(s.issued()).toBe(2);
  });

  it('throws the failure the holder passed on', async () => {
    const s = setup();
    const a = s.isolate();
    const failing = async (): Promise<TokenOutcome> => ({
      ok: false,
      failure: {
        status: 502,
        code: 'provider_auth_failed',
        detail: 'refused',
        extras: {},
        headers: {},
      },
    });
    await expect(a.get(failing)).rejects.toThrow('refused');
    expect(await a.get(s.renew)).toBe('token-1');
  });
});
