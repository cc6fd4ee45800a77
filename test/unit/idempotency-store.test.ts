/**
 * The remembered-answer store: bounded per scope (API key), least recently used first out
 * within a scope, entries expire. The heap a full scope costs lands in
 * test-results/reliability/idempotency.json for bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_STORED_BODY } from '../../src/idempotency/middleware.ts';
import {
  IDEMPOTENCY_DEFAULTS,
  type IdempotencyEntry,
  IdempotencyStore,
} from '../../src/idempotency/store.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';

const done = (body: string): IdempotencyEntry => ({
  state: 'done',
  fingerprint: 'f',
  answer: { status: 200, contentType: 'application/json', body },
});

/** A flat string of `length` random letters: nothing shared between records. */
const letters = (length: number) =>
  Buffer.from(randomBytes(length).map((byte) => 97 + (byte % 26))).toString('latin1');

const report: Record<string, unknown> = {
  maxEntriesPerKey: IDEMPOTENCY_DEFAULTS.maxEntries,
  maxStoredBody: MAX_STORED_BODY,
};
afterAll(() => writeReliabilityReport('idempotency', report));

describe('IdempotencyStore', () => {
  it('evicts the least recently used entry of a scope beyond its bound', () => {
    const store = new IdempotencyStore({ maxEntries: 2 });
    store.set('k', 'a', done('a'));
    store.set('k', 'b', done('b'));
    store.get('k', 'a');
    store.set('k', 'c', done('c'));
    expect(store.size).toBe(2);
    expect(store.get('k', 'b')).toBeUndefined();
    expect(store.get('k', 'a')).toBeDefined();
    expect(store.get('k', 'c')).toBeDefined();
  });

  it("never evicts one scope's entries for another's", () => {
    const store = new IdempotencyStore({ maxEntries: 100 });
    store.set('reporting', 'mine', done('kept'));
    for (let i = 0; i < 10_000; i++) store.set('flood', `k${i}`, done(String(i)));
    expect(store.get('reporting', 'mine')).toMatchObject({ answer: { body: 'kept' } });
    expect(store.size).toBe(101);
    // The same key in two scopes is two records.
    expect(store.get('flood', 'mine')).toBeUndefined();
  });

  it('forgets entries after their time to live', () => {
    let clock = 0;
    const store = new IdempotencyStore({ ttlMs: 1_000, now: () => clock });
    store.set('k', 'a', done('a'));
    clock = 999;
    expect(store.get('k', 'a')).toBeDefined();
    clock = 1_000;
    expect(store.get('k', 'a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('stays bounded under many distinct keys, and drops a scope left empty', () => {
    const store = new IdempotencyStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) store.set('k', `k${i}`, done(String(i)));
    expect(store.size).toBe(100);
    expect(store.get('k', 'k9999')).toBeDefined();
    expect(store.get('k', 'k0')).toBeUndefined();
    for (let i = 9_900; i < 10_000; i++) store.delete('k', `k${i}`);
    expect(store.size).toBe(0);
  });

  it('holds a full scope at the default bound in a few MiB of heap', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const cap = IDEMPOTENCY_DEFAULTS.maxEntries;
    // A keep's answer as the gateway gives it, under a UUID key; then the largest a record
    // may be: a 255-character key and a body at the cap.
    const typical = (): [string, IdempotencyEntry] => [
      crypto.randomUUID(),
      {
        state: 'done',
        fingerprint: letters(64),
        answer: {
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            operation: 'keep',
            instance: 'verba',
            id: `verba_${crypto.randomUUID()}`,
            selector: null,
          }),
        },
      },
    ];
    const largest = (): [string, IdempotencyEntry] => [
      letters(255),
      {
        state: 'done',
        fingerprint: letters(64),
        answer: {
          status: 404,
          contentType: 'application/problem+json',
          body: letters(MAX_STORED_BODY),
        },
      },
    ];
    const measure = (make: () => [string, IdempotencyEntry]) => {
      const store = new IdempotencyStore();
      const before = heap();
      // Twice the bound: the store must stay at its bound, not grow with the traffic.
      for (let i = 0; i < cap * 2; i++) store.set('caller', ...make());
      const bytes = heap() - before;
      expect(store.size).toBe(cap);
      return bytes;
    };
    const typicalBytes = measure(typical);
    const largestBytes = measure(largest);
    expect(largestBytes).toBeLessThan(cap * (MAX_STORED_BODY + 1024) * 2);
    report.typicalRecordBytes = Math.round(typicalBytes / cap);
    report.largestRecordBytes = Math.round(largestBytes / cap);
    report.fullKeyTypicalMiB = Math.round((typicalBytes / 2 ** 20) * 100) / 100;
    report.fullKeyLargestMiB = Math.round((largestBytes / 2 ** 20) * 100) / 100;
  });
});
