/**
 * Events on Node: everything in the gateway's SQLite state (STATE_DB, or memory), one
 * CallWatch per watched call on a timer, and a timer that sends the deliveries due. A
 * restart loses nothing pending: the deliveries are rows, and the new process sends the
 * due ones as it starts.
 */

import type { Logger } from '../core/logger.ts';
import type { SqlPort } from '../core/state/sql.ts';
import { DELIVERY_TIMEOUT_MS, DISABLE_AFTER_MS, type Sender } from '../events/delivery.ts';
import { dispatchDue } from '../events/dispatch.ts';
import type { NewEvent } from '../events/event.ts';
import { pollStartedOnce } from '../events/poll.ts';
import type {
  EventsDeps,
  EventsFactory,
  EventsService,
  EventsSettings,
} from '../events/service.ts';
import { SqlEvents } from '../events/sql-store.ts';
import { eventStreamResponse } from '../events/stream.ts';
import { CallWatch } from '../events/watch.ts';
import { WatcherQuota } from '../events/watcher-quota.ts';

export interface NodeEventsOptions {
  settings: EventsSettings;
  /** Sends an attempt: undici with the destination check at connect (node-sender.ts). */
  send: Sender;
  now?: () => number;
}

/** Sweeps of expired events run this often. */
const SWEEP_MS = 60 * 60 * 1000;

export interface NodeEvents {
  /** For createGateway: builds the service once the gateway's instances exist. */
  attach: EventsFactory;
  /** Stops the timers (the server is closing). */
  close(): Promise<void>;
}

export function nodeEvents(db: SqlPort, options: NodeEventsOptions): NodeEvents {
  let attached: EventsService | null = null;
  const attach: EventsFactory = ({ poll, started, logger }) => {
    const now = options.now ?? Date.now;
    const { settings } = options;
    const sql = new SqlEvents(db, now);
    const log = logger.child({ component: 'events' });
    const dispatcher = new Dispatcher(sql, options, log, now);
    const watches = new Map<string, { watch: CallWatch; timer?: NodeJS.Timeout }>();
    const quota = new WatcherQuota();

    const watchOf = (gatewayId: string, instance: string) => {
      let entry = watches.get(gatewayId);
      if (entry) return entry;
      const created: { watch: CallWatch; timer?: NodeJS.Timeout } = {
        watch: new CallWatch(gatewayId, instance, {
          log: {
            callEvents: (...a) => sql.callEvents(...a),
            lastCallEvent: (...a) => sql.lastCallEvent(...a),
            observe: (...a) => sql.observe(...a),
            record: (input) => {
              const recorded = sql.record(input);
              if (recorded.deliveries > 0) dispatcher.poke();
              return recorded;
            },
          },
          poll: () => poll(gatewayId),
          intervalMs: settings.pollIntervalMs,
          now,
          logger: log,
          schedule: (ms) => {
            clearTimeout(created.timer);
            created.timer = setTimeout(() => {
              created.watch
                .tick()
                .catch((error: unknown) =>
                  log.error({ err: { message: (error as Error).message } }, 'watch failed'),
                );
            }, ms);
          },
          idle: () => {
            clearTimeout(created.timer);
            created.watch.stopped();
            if (watches.get(gatewayId) === created && created.watch.watchers === 0)
              watches.delete(gatewayId);
          },
        }),
      };
      entry = created;
      watches.set(gatewayId, entry);
      return entry;
    };

    const startedPoller = pollStarted(sql, started, settings.pollIntervalMs, now, log, () =>
      dispatcher.poke(),
    );
    const sweep = setInterval(() => sql.sweep(), SWEEP_MS);
    sweep.unref();
    sql.sweep();
    dispatcher.poke();

    const service: EventsService = {
      allow: settings.allow,
      async record(input: NewEvent) {
        const { event, deliveries } = sql.record(input);
        if (deliveries > 0) dispatcher.poke();
        if (input.callId !== null) watches.get(input.callId)?.watch.broadcast(event);
      },
      async wants(type, callId) {
        return (watches.get(callId)?.watch.watchers ?? 0) > 0 || sql.wanted(type);
      },
      async watch(request) {
        const release = quota.take(request.owner);
        let entry: ReturnType<typeof watchOf>;
        try {
          entry = watchOf(request.gatewayId, request.instance);
        } catch (error) {
          release();
          throw error;
        }
        return eventStreamResponse(
          (subscriber) => entry.watch.open(subscriber, request.lastEventId, request.snapshot),
          (subscriber) => {
            release();
            entry.watch.remove(subscriber);
          },
          request.signal,
        );
      },
      endpoints: {
        create: async (owner, fields, secret) => sql.createEndpoint(owner, fields, secret),
        list: async (owner) => sql.endpoints(owner),
        get: async (owner, id) => sql.endpoint(owner, id),
        update: async (owner, id, patch) => {
          const updated = sql.updateEndpoint(owner, id, patch);
          dispatcher.poke();
          return updated;
        },
        remove: async (owner, id) => sql.deleteEndpoint(owner, id),
        rotate: async (owner, id, secret, overlapMs) =>
          sql.rotateSecret(owner, id, secret, overlapMs),
        deliveries: async (owner, id, limit) => sql.deliveries(owner, id, limit),
        retry: async (owner, id, deliveryId) => {
          const eventId = sql.retryDelivery(owner, id, deliveryId);
          if (eventId !== null) dispatcher.poke();
          return eventId;
        },
        test: async (owner, id) => {
          const recorded = sql.recordTest(owner, id);
          if (recorded) dispatcher.poke();
          return recorded;
        },
      },
      close: async () => {
        clearInterval(sweep);
        clearInterval(startedPoller);
        dispatcher.close();
        for (const entry of watches.values()) clearTimeout(entry.timer);
        watches.clear();
      },
    };
    attached = service;
    return service;
  };
  return { attach, close: async () => attached?.close() };
}

/**
 * call.started: while some endpoint wants it, each searchable instance's calls that began in
 * a window sliding back over the last polls (a call found twice is announced once).
 */
function pollStarted(
  sql: SqlEvents,
  started: EventsDeps['started'],
  intervalMs: number,
  now: () => number,
  log: Logger,
  poke: () => void,
): NodeJS.Timeout {
  const lastUntil = new Map<string, number>();
  let running = false;
  const timer = setInterval(async () => {
    if (running || !sql.wanted('call.started')) return;
    running = true;
    try {
      if ((await pollStartedOnce(sql, started, lastUntil, now, log)) > 0) poke();
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return timer;
}

/** Sends due deliveries, then sleeps until the next is due (or something new is recorded). */
class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private closed = false;
  private readonly sql: SqlEvents;
  private readonly options: NodeEventsOptions;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(sql: SqlEvents, options: NodeEventsOptions, log: Logger, now: () => number) {
    this.sql = sql;
    this.options = options;
    this.log = log;
    this.now = now;
  }

  poke(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.arm(0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    // Timers cannot wait longer than about 24.8 days; the next run re-arms anyway.
    this.timer = setTimeout(() => void this.run(), Math.min(Math.max(0, ms), 2 ** 31 - 1));
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.closed) return;
    this.running = true;
    try {
      await dispatchDue(
        this.sql,
        {
          scheduleMs: this.options.settings.scheduleMs,
          timeoutMs: DELIVERY_TIMEOUT_MS,
          allow: this.options.settings.allow,
          disableAfterMs: DISABLE_AFTER_MS,
        },
        this.options.send,
        this.log,
        this.now,
      );
    } catch (error) {
      this.log.error({ err: { message: (error as Error).message } }, 'sending webhooks failed');
    } finally {
      this.running = false;
    }
    if (this.closed) return;
    if (this.again) {
      this.again = false;
      this.arm(0);
      return;
    }
    const next = this.sql.nextDue();
    if (next !== null) this.arm(next - this.now());
  }
}
