/** `<PREFIX>_MAX_RPS`: permits from one holder, shared by isolates, on a fake clock. */
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceState } from '../../src/core/state/types.ts';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';
import { RateGate, RateLimitedError } from '../../src/resilience/rate-gate.ts';

const opened: SqliteState[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function holder() {
  let clock = 1_000_000_000;
  const state = openSqliteState({ path: null, now: () => clock });
  opened.push(state);
  let asked = 0;
  const instance = state.instance('verba');
  const counted: Pick<InstanceState, 'permits'> = {
    permits: (max, wanted) => {
      asked += 1;
      return instance.permits(max, wanted);
    },
  };
  return {
    gate: (maxPerSecond: number, batch: number) =>
      new RateGate({ state: counted, maxPerSecond, batch, now: () => clock }),
    asked: () => asked,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

async function outcomes(gate: RateGate, n: number): Promise<Array<'sent' | number>> {
  const out: Array<'sent' | number> = [];
  for (let i = 0; i < n; i++) {
    try {
      await gate.take();
      out.push('sent');
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      out.push(error.retryAfterSeconds);
    }
  }
  return out;
}

describe('RateGate', () => {
  it('holds the cap across isolates within a second, and lets requests through the next', async () => {
    const h = holder();
    const [a, b] = [h.gate(10, 2), h.gate(10, 2)];
    const first = [...(await outcomes(a, 6)), ...(await outcomes(b, 6))];
    expect(first.filter((o) => o === 'sent')).toHaveLength(10);
    expect(first.slice(-2)).toEqual([1, 1]);
    h.advance(1000);
    expect(await outcomes(b, 2)).toEqual(['sent', 'sent']);
  });

  it('asks the holder once per batch', async () => {
    const h = holder();
    const gate = h.gate(100, 5);
    await outcomes(gate, 20);
    expect(h.asked()).toBe(4);
  });

  it('drops permits of a window that has passed', async () => {
    const h = holder();
    const gate = h.gate(4, 4);
    await outcomes(gate, 1);
    h.advance(1000);
    // Three permits were left from the old window; the new one grants four at most.
    expect(await outcomes(gate, 5)).toEqual(['sent', 'sent', 'sent', 'sent', 1]);
  });
});
