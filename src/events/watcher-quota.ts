/**
 * How many calls one API key watches at once (MAX_WATCHERS_PER_KEY), counted where the
 * streams are held: per Node process, per Worker isolate.
 */
import { GatewayError } from '../core/errors.ts';
import { MAX_WATCHERS_PER_KEY } from './event.ts';

export class WatcherQuota {
  private readonly held = new Map<string, number>();

  /** One more stream for `owner`, or the 429 past the limit; releasing twice counts once. */
  take(owner: string): () => void {
    const held = this.held.get(owner) ?? 0;
    if (held >= MAX_WATCHERS_PER_KEY)
      throw new GatewayError(
        429,
        'too_many_watchers',
        `An API key may watch at most ${MAX_WATCHERS_PER_KEY} calls at once; close a stream first.`,
      );
    this.held.set(owner, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(owner) ?? 1) - 1;
      if (left > 0) this.held.set(owner, left);
      else this.held.delete(owner);
    };
  }
}
