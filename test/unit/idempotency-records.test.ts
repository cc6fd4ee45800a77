/**
 * What `Idempotency-Key` records cost on Node (node:sqlite, as with STATE_DB unset): a
 * key's records stay at their bound however many it sends, and the storage a full key
 * takes lands in test-results/reliability/idempotency.json for bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_MAX_PER_SCOPE, type StoredAnswer } from '../../src/core/state/types.ts';
import { MAX_STORED_BODY } from '../../src/idempotency/middleware.ts';
import { openSqliteState } from '../../src/node/sqlite-state.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';

/** A flat string of `length` random letters: nothing shared between records. */
const letters = (length: number) =>
  Buffer.from(randomBytes(length).map((byte) => 97 + (byte % 26))).toString('latin1');

const report: Record<string, unknown> = {
  maxEntriesPerKey: IDEMPOTENCY_MAX_PER_SCOPE,
  maxStoredBody: MAX_STORED_BODY,
};
afterAll(() => writeReliabilityReport('idempotency', report));

describe('Idempotency-Key records on Node', () => {
  it("hold a full key's records at the default bound in a few MiB", async () => {
    const cap = IDEMPOTENCY_MAX_PER_SCOPE;
    // A keep's answer as the gateway gives it, under a UUID key; then the largest a record
    // may be: a 255-character key and a body at the cap.
    const typical = (): [string, StoredAnswer] => [
      crypto.randomUUID(),
      {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          operation: 'keep',
          instance: 'verba',
          id: `verba_${crypto.randomUUID()}`,
          selector: null,
        }),
      },
    ];
    const largest = (): [string, StoredAnswer] => [
      letters(255),
      { status: 404, contentType: 'application/problem+json', body: letters(MAX_STORED_BODY) },
    ];
    const measure = async (make: () => [string, StoredAnswer]) => {
      const state = openSqliteState({ path: null });
      const before = state.bytes();
      // Twice the bound: the records must stay at it, not grow with the traffic.
      for (let i = 0; i < cap * 2; i++) {
        const [key, answer] = make();
        const claim = await state.idempotency.claim('caller', key, letters(64));
        if (claim.kind !== 'claimed') throw new Error(`claimed expected, got ${claim.kind}`);
        await state.idempotency.complete('caller', key, claim.lease, answer);
      }
      expect(state.records('caller')).toBe(cap);
      const bytes = state.bytes() - before;
      await state.close();
      return bytes;
    };
    const typicalBytes = await measure(typical);
    const largestBytes = await measure(largest);
    expect(largestBytes).toBeLessThan(cap * (MAX_STORED_BODY + 1024) * 2);
    report.typicalRecordBytes = Math.round(typicalBytes / cap);
    report.largestRecordBytes = Math.round(largestBytes / cap);
    report.fullKeyTypicalMiB = Math.round((typicalBytes / 2 ** 20) * 100) / 100;
    report.fullKeyLargestMiB = Math.round((largestBytes / 2 ** 20) * 100) / 100;
  });
});
