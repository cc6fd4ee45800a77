/** The watch of one call, on a fake clock: heartbeats while quiet, one event per change. */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/core/call.ts';
import type { SqlPort, SqlRow } from '../../src/core/state/sql.ts';
import { SqlEvents } from '../../src/events/sql-store.ts';
import { CallWatch, HEARTBEAT_MS } from '../../src/events/watch.ts';
import { VERBA_CALL_EXAMPLE } from '../../src/schemas/examples.ts';

function memoryPort(): SqlPort {
  const db = new DatabaseSync(':memory:');
  return {
    all: (sql, ...p) => db.prepare(sql).all(...(p as SQLInputValue[])) as SqlRow[],
    run: (sql, ...p) => {
      db.prepare(sql).run(...(p as SQLInputValue[]));
    },
    transaction: (fn) => fn(),
  };
}

const ongoing = { ...VERBA_CALL_EXAMPLE, state: 'in_progress', endedAt: null } as unknown as Call;

describe('CallWatch', () => {
  it('writes a keepalive comment at least every 20 s, and one event per change', async () => {
    let now = 1_700_000_000_000;
    const sql = new SqlEvents(memoryPort(), () => now);
    let current: Call = ongoing;
    const scheduled: number[] = [];
    const watch = new CallWatch('verba_x', 'verba', {
      log: sql,
      poll: async () => current,
      schedule: (ms) => scheduled.push(ms),
      intervalMs: 5_000,
      now: () => now,
      logger: { child: () => undefined, info() {}, warn() {}, error() {} } as never,
    });
    const written: string[] = [];
    let closed = false;
    watch.open({ send: (t) => written.push(t), close: () => (closed = true) }, null, ongoing);
    expect(written[0]).toMatch(/^id: snap_verba_x\nevent: call\.snapshot\n/);
    let lastWrite = now;
    for (let i = 0; i < 12; i++) {
      now += 5_000;
      await watch.tick();
      if (written.at(-1)?.startsWith(':')) {
        expect(now - lastWrite).toBeLessThanOrEqual(HEARTBEAT_MS);
        lastWrite = now;
      }
    }
    expect(written.filter((t) => t === ': keepalive\n\n').length).toBeGreaterThanOrEqual(2);
    expect(written.filter((t) => t.startsWith('id: evt_'))).toHaveLength(0);
    current = { ...ongoing, state: 'completed', endedAt: '2026-11-20T09:27:36.120Z' } as Call;
    now += 5_000;
    await watch.tick();
    expect(written.at(-1)).toMatch(/^id: evt_.*\nevent: call\.ended\n/);
    expect(closed).toBe(true);
    expect(sql.lastCallEvent('verba_x')?.type).toBe('call.ended');
  });
});
