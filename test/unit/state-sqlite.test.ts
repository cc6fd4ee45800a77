/** The gateway's state on Node: node:sqlite in memory or in the STATE_DB file. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredAnswer } from '../../src/core/state/types.ts';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';
import { describeGatewayState } from '../shared/state-contract.ts';

const opened: SqliteState[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((state) => state.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) };
}

function open(options: Parameters<typeof openSqliteState>[0]): SqliteState {
  const state = openSqliteState(options);
  opened.push(state);
  return state;
}

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-state-'));
  dirs.push(dir);
  return join(dir, 'state.db');
}

const answer: StoredAnswer = {
  status: 200,
  contentType: 'application/json',
  body: '{"operation":"keep"}',
};

async function keep(state: SqliteState, scope: string, key: string): Promise<void> {
  const claim = await state.idempotency.claim(scope, key, 'fp');
  if (claim.kind !== 'claimed') throw new Error(`claimed expected, got ${claim.kind}`);
  await state.idempotency.complete(scope, key, claim.lease, answer);
}

describe('node:sqlite state in memory (STATE_DB unset)', () => {
  describeGatewayState(() => {
    const clock = fakeClock();
    return {
      open: async () => open({ path: null, now: clock.now }),
      // In memory, one process is all that shares the store.
      openPair: async () => {
        const state = open({ path: null, now: clock.now });
        return [state, state];
      },
      ...clock,
    };
  });

  it('says it is in memory', () => {
    const state = open({ path: null });
    expect(state.description).toMatch(/in memory \(STATE_DB unset\)/);
    expect(state.scope).toBe('process');
  });
});

describe('node:sqlite state in a file (STATE_DB)', () => {
  describeGatewayState(() => {
    const clock = fakeClock();
    return {
      open: async () => open({ path: tempFile(), now: clock.now }),
      openPair: async () => {
        const path = tempFile();
        return [open({ path, now: clock.now }), open({ path, now: clock.now })];
      },
      ...clock,
    };
  });

  it('gives the same named key after a restart on the same file', async () => {
    const path = tempFile();
    const before = open({ path });
    const key = await before.instance('callfire').key('cursor');
    await before.close();
    expect(await open({ path }).instance('callfire').key('cursor')).toEqual(key);
  });

  it('replays after a restart on the same file', async () => {
    const path = tempFile();
    const before = open({ path });
    await keep(before, 'ops', 'k-restart');
    await before.close();
    const after = open({ path });
    expect(await after.idempotency.claim('ops', 'k-restart', 'fp')).toEqual({
      kind: 'replay',
      answer,
    });
  });

  it('lets two processes on one file claim a key once between them', async () => {
    const path = tempFile();
    const [one, two] = [open({ path }), open({ path })];
    const claims = [
      await one.idempotency.claim('ops', 'k', 'fp'),
      await two.idempotency.claim('ops', 'k', 'fp'),
    ];
    expect(claims.map((c) => c.kind)).toEqual(['claimed', 'in_use']);
  });

  it('is readable by its owner only, write-ahead log included', async () => {
    const path = tempFile();
    await keep(open({ path }), 'ops', 'k');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
  });
});

describe('keeping node:sqlite state bounded', () => {
  it('sweeps records older than 24 hours away', async () => {
    const clock = fakeClock();
    const state = open({ path: null, now: clock.now });
    await keep(state, 'ops', 'old');
    clock.advance(12 * 60 * 60 * 1000);
    await keep(state, 'ops', 'young');
    expect(state.sweep()).toBe(0);
    clock.advance(12 * 60 * 60 * 1000);
    expect(state.sweep()).toBe(1);
    expect(state.records()).toBe(1);
    expect((await state.idempotency.claim('ops', 'young', 'fp')).kind).toBe('replay');
  });

  it("caps each API key's records, dropping its oldest answers and never another key's", async () => {
    const clock = fakeClock();
    const state = open({ path: null, now: clock.now, maxPerScope: 3 });
    await keep(state, 'reporting', 'theirs');
    const held = await state.idempotency.claim('ops', 'in-flight', 'fp');
    for (const key of ['a', 'b', 'c', 'd']) {
      clock.advance(1000);
      await keep(state, 'ops', key);
    }
    expect(state.records('ops')).toBe(3);
    expect((await state.idempotency.claim('ops', 'a', 'fp')).kind).toBe('claimed');
    expect(held.kind).toBe('claimed');
    expect((await state.idempotency.claim('ops', 'in-flight', 'fp')).kind).toBe('in_use');
    expect((await state.idempotency.claim('reporting', 'theirs', 'fp')).kind).toBe('replay');
  });
});
