/** The remembered-answer store: bounded, least recently used first out, entries expire. */
import { describe, expect, it } from 'vitest';
import { type IdempotencyEntry, IdempotencyStore } from '../../src/idempotency/store.ts';

const done = (body: string): IdempotencyEntry => ({
  state: 'done',
  fingerprint: 'f',
  answer: { status: 200, headers: [], body },
});

describe('IdempotencyStore', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const store = new IdempotencyStore({ maxEntries: 2 });
    store.set('a', done('a'));
    store.set('b', done('b'));
    store.get('a');
    store.set('c', done('c'));
    expect(store.size).toBe(2);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.get('c')).toBeDefined();
  });

  it('forgets entries after their time to live', () => {
    let clock = 0;
    const store = new IdempotencyStore({ ttlMs: 1_000, now: () => clock });
    store.set('a', done('a'));
    clock = 999;
    expect(store.get('a')).toBeDefined();
    clock = 1_000;
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('stays bounded under many distinct keys', () => {
    const store = new IdempotencyStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) store.set(`k${i}`, done(String(i)));
    expect(store.size).toBe(100);
    expect(store.get('k9999')).toBeDefined();
    expect(store.get('k0')).toBeUndefined();
  });
});
