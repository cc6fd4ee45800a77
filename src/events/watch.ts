/**
 * One watched call: the one poller of it, however many watchers, and the watchers' streams.
 * The same on both runtimes: Node keeps one per call in a map, on a timer (src/node/events.ts);
 * the Worker one per call in a Durable Object, on its alarm (src/worker/event-objects.ts).
 *
 * A watcher first gets the call as it is now (`call.snapshot`, under the id of the call's
 * latest event, so a reconnect resumes from there), or with `Last-Event-ID` the events it
 * missed; then each change. The stream ends after `call.ended`.
 */
import type { Call } from '../core/call.ts';
import type { Logger } from '../core/logger.ts';
import { callFingerprint, type GatewayEvent, isFinal, type NewEvent } from './event.ts';
import type { SqlEvents } from './sql-store.ts';

/** What a stream is written through. */
export interface Subscriber {
  send(text: string): void;
  close(): void;
}

/** Comments at least this often: proxies and the edge cut streams idle for minutes. */
export const HEARTBEAT_MS = 20_000;

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // nginx and similar proxies would otherwise buffer the stream.
  'x-accel-buffering': 'no',
} as const;

export type WatchLog = Pick<SqlEvents, 'callEvents' | 'lastCallEvent' | 'observe' | 'record'>;

export interface CallWatchDeps {
  log: WatchLog;
  poll(): Promise<Call>;
  /** Polls again after `ms`: a timer on Node, the object's alarm on the Worker. */
  schedule(ms: number): void;
  intervalMs: number;
  now: () => number;
  logger: Logger;
  /** Told of each event this watch records (the Worker hands it on for webhooks). */
  recorded?(input: NewEvent, event: GatewayEvent): void;
  /** Told when the last watcher left or the call ended: nothing to poll any more. */
  idle?(): void;
}

export const frame = (event: GatewayEvent | SnapshotEvent) =>
  `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

export interface SnapshotEvent {
  id: string;
  type: 'call.snapshot';
  timestamp: string;
  data: { call: Call };
}

export class CallWatch {
  readonly callId: string;
  readonly instance: string;
  private readonly deps: CallWatchDeps;
  private readonly subscribers = new Set<Subscriber>();
  private lastWrite = 0;
  private polling = false;

  constructor(callId: string, instance: string, deps: CallWatchDeps) {
    this.callId = callId;
    this.instance = instance;
    this.deps = deps;
  }

  get watchers(): number {
    return this.subscribers.size;
  }

  /**
   * Starts a watcher's stream: `done` when it has seen the end already and there is nothing
   * to send (the route answers 204, which tells an EventSource to stop reconnecting).
   */
  open(subscriber: Subscriber, lastEventId: string | null, snapshot: Call): 'open' | 'done' {
    const { log } = this.deps;
    const last = log.lastCallEvent(this.callId);
    if (lastEventId !== null) {
      const missed = log.callEvents(this.callId, lastEventId);
      if (missed.known) {
        if (missed.events.length === 0 && last?.type === 'call.ended') return 'done';
        for (const event of missed.events) subscriber.send(frame(event));
        if (missed.events.some((event) => event.type === 'call.ended')) {
          subscriber.close();
          return 'open';
        }
        this.add(subscriber);
        return 'open';
      }
    }
    // Too old, unknown, or none: the call as it is now, under its latest event's id.
    const id = last?.id ?? `snap_${this.callId}`;
    if (isFinal(snapshot) && id === lastEventId) return 'done';
    log.observe(this.callId, callFingerprint(snapshot));
    subscriber.send(
      frame({
        id,
        type: 'call.snapshot',
        timestamp: new Date(this.deps.now()).toISOString(),
        data: { call: snapshot },
      }),
    );
    if (isFinal(snapshot)) {
      subscriber.close();
      return 'open';
    }
    this.add(subscriber);
    return 'open';
  }

  remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.deps.idle?.();
  }

  /** An event made elsewhere (a keep, a delete): its watchers see it at once. */
  broadcast(event: GatewayEvent): void {
    const text = frame(event);
    for (const subscriber of this.subscribers) subscriber.send(text);
    this.lastWrite = this.deps.now();
  }

  /** One poll: an event when the call changed, a heartbeat when the streams were quiet. */
  async tick(): Promise<void> {
    if (this.subscribers.size === 0) return;
    let call: Call | null = null;
    try {
      call = await this.deps.poll();
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) {
        this.deps.logger.info({ watch: this.callId }, 'watched call is gone');
        this.closeAll();
        return;
      }
      this.deps.logger.warn(
        { watch: this.callId, err: { message: (error as Error).message } },
        'polling a watched call failed',
      );
    }
    if (call) {
      const change = this.deps.log.observe(this.callId, callFingerprint(call));
      if (change === 'changed') {
        const ended = isFinal(call);
        const input: NewEvent = {
          type: ended ? 'call.ended' : 'call.updated',
          data: { call },
          callId: this.callId,
          instance: this.instance,
          owner: null,
        };
        const { event } = this.deps.log.record(input);
        this.deps.recorded?.(input, event);
        this.broadcast(event);
        if (ended) {
          this.closeAll();
          return;
        }
      } else if (isFinal(call)) {
        this.closeAll();
        return;
      }
    }
    if (this.deps.now() - this.lastWrite >= HEARTBEAT_MS - this.deps.intervalMs) {
      for (const subscriber of this.subscribers) subscriber.send(': keepalive\n\n');
      this.lastWrite = this.deps.now();
    }
    this.deps.schedule(this.deps.intervalMs);
  }

  private add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    this.lastWrite = this.deps.now();
    if (!this.polling) {
      this.polling = true;
      this.deps.schedule(this.deps.intervalMs);
    }
  }

  /** After the end: every stream closes, and the poller stops. */
  private closeAll(): void {
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
    this.polling = false;
    this.deps.idle?.();
  }

  /** Called by the runtime when its timer or alarm stopped (the last watcher left). */
  stopped(): void {
    this.polling = false;
  }
}
