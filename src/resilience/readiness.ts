/**
 * What /readyz knows about each instance. Anyone may ask it, as often as they like, so a
 * provider is probed at most once per interval whatever the request rate: requests in
 * between are answered from the last probe, and requests during a probe wait for it.
 */

export interface ProbeResult {
  reachable: boolean;
  /** Why not, in the words of the error's title; null when reachable. */
  detail: string | null;
}

export interface ReadinessOptions {
  /** Least time between two probes of one instance. */
  intervalMs: number;
  /** A probe that has not answered by then counts as "no answer". */
  timeoutMs: number;
  now: () => number;
}

const UNKNOWN: ProbeResult = { reachable: false, detail: 'no answer' };

export const READY_DEFAULTS = { intervalMs: 5_000, timeoutMs: 3_000 };

export class ReadinessProbes {
  private readonly last = new Map<
    string,
    { at: number; settled: boolean; result: Promise<ProbeResult> }
  >();
  private readonly options: ReadinessOptions;

  constructor(options: Partial<ReadinessOptions> = {}) {
    this.options = { ...READY_DEFAULTS, now: Date.now, ...options };
  }

  /** The instance's last probe while it is fresh (or still running); else a new probe. */
  check(instance: string, probe: () => Promise<void>): Promise<ProbeResult> {
    const now = this.options.now();
    const last = this.last.get(instance);
    if (last && (!last.settled || now - last.at < this.options.intervalMs)) return last.result;
    const entry = { at: now, settled: false, result: Promise.resolve<ProbeResult>(UNKNOWN) };
    entry.result = withTimeout(Promise.resolve().then(probe), this.options.timeoutMs)
      .then(
        (): ProbeResult => ({ reachable: true, detail: null }),
        (error: unknown): ProbeResult => ({
          reachable: false,
          detail: error instanceof Error && 'title' in error ? String(error.title) : 'no answer',
        }),
      )
      .finally(() => {
        entry.settled = true;
      });
    // Timed from the start: probes begin at most once per interval, however long they take.
    this.last.set(instance, entry);
    return entry.result;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
