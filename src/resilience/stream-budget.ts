/**
 * How many audio streams an instance relays at once, in all and per API key. A stream
 * holds an upstream connection for as long as its listener listens, so without a budget
 * one key's slow listeners take every connection and the others wait, a wait that says
 * nothing about the provider. A caller over budget is refused before anything is sent.
 *
 * Counted by whoever holds the object: the process on Node, the isolate on the Worker (a
 * fleet-wide count would cost a Durable Object round trip at every stream's start and end).
 */

export type StreamRefusal = 'key' | 'instance';

export class StreamBudget {
  private total = 0;
  private readonly byKey = new Map<string, number>();
  private readonly max: number;
  private readonly maxPerKey: number;

  constructor(max: number, maxPerKey: number) {
    this.max = max;
    this.maxPerKey = maxPerKey;
  }

  /**
   * A slot for one stream of `key` (null: a caller without a key name, counted only in the
   * instance's total), released once by the function returned; or why there is none.
   */
  take(key: string | null): (() => void) | StreamRefusal {
    const held = key === null ? 0 : (this.byKey.get(key) ?? 0);
    if (key !== null && held >= this.maxPerKey) return 'key';
    if (this.total >= this.max) return 'instance';
    this.total += 1;
    if (key !== null) this.byKey.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      if (key === null) return;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left > 0) this.byKey.set(key, left);
      else this.byKey.delete(key);
    };
  }

  /** Streams relayed now, for /metrics and tests. */
  get active(): number {
    return this.total;
  }
}
