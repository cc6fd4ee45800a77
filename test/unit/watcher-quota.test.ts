import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/core/errors.ts';
import { MAX_WATCHERS_PER_KEY } from '../../src/events/event.ts';
import { WatcherQuota } from '../../src/events/watcher-quota.ts';

describe('WatcherQuota', () => {
  it('refuses a key its next stream past the limit with a 429, and takes it back on release', () => {
    const quota = new WatcherQuota();
    const releases = Array.from({ length: MAX_WATCHERS_PER_KEY }, () => quota.take('ops'));
    const over = (() => {
      try {
        quota.take('ops');
      } catch (error) {
        return error;
      }
    })();
    expect(over).toBeInstanceOf(GatewayError);
    expect((over as GatewayError).status).toBe(429);
    expect((over as GatewayError).code).toBe('too_many_watchers');
    // Another key is not held back by this one's streams.
    expect(() => quota.take('reporting')).not.toThrow();
    // A release counted twice frees one place, not two.
    releases[0]?.();
    releases[0]?.();
    quota.take('ops');
    expect(() => quota.take('ops')).toThrow(GatewayError);
  });
});
