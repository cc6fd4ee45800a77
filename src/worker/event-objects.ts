/**
 * Events on the Worker, in SQLite-backed Durable Objects:
 *
 * - CallWatchObject, one per watched call: the call's one poller (its alarm, while someone
 *   watches), its watchers' streams, and its events for resuming. A watcher's stream is the
 *   object's response, relayed by the isolate that took the request.
 * - EventHub, one per deployment: webhook endpoints, every event an endpoint wants, and
 *   the deliveries, sent from its alarm; an evicted or restarted object finds them pending.
 *
 * The isolates reach both through durableObjectEvents. Objects are built from the variables
 * of the gateway that called them (held in memory, never stored: they carry credentials);
 * the hub stores only its delivery settings, so an alarm after an eviction still has them.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Call } from '../core/call.ts';
import { LOG_LEVELS, type LogLevel } from '../core/logger.ts';
import type { SqlPort } from '../core/state/sql.ts';
import { NO_METRICS } from '../core/telemetry.ts';
import { readEventsSettings } from '../events/config.ts';
import { DELIVERY_TIMEOUT_MS, DISABLE_AFTER_MS, type Sender } from '../events/delivery.ts';
import { dispatchDue } from '../events/dispatch.ts';
import type { EventType, GatewayEvent, NewEvent } from '../events/event.ts';
import { callPoller, pollStartedOnce, startedSearch } from '../events/poll.ts';
import type { EventsFactory, EventsService, EventsSettings } from '../events/service.ts';
import { type EndpointFields, SqlEvents } from '../events/sql-store.ts';
import { eventStreamResponse } from '../events/stream.ts';
import { CallWatch } from '../events/watch.ts';
import { WatcherQuota } from '../events/watcher-quota.ts';
import { createFetchClient } from '../http/fetch-client.ts';
import { createFetchStreamClient } from '../http/fetch-stream-client.ts';
import { buildInstances, type InstanceConfig } from '../instances/instance.ts';
import { createConsoleLogger } from './console-logger.ts';
import { createDurableObjectState, type StateBindings, storagePort } from './durable-objects.ts';

export type EventBindings = Pick<Env, 'EVENT_HUB' | 'CALL_WATCH'>;

/** Variables by name, as src/config.ts reads them. */
type Variables = object;

/** Plain text variables only: they cross an RPC boundary, bindings do not. */
export type PlainVariables = Record<string, string>;

/** The Worker's sender: fetch, redirects not followed. Workers reach no link-local address. */
const fetchSender: Sender = (url, init) =>
  fetch(url, { method: 'POST', redirect: 'manual', ...init });

const logLevelOf = (vars: PlainVariables): LogLevel =>
  LOG_LEVELS.includes(vars.LOG_LEVEL as LogLevel) ? (vars.LOG_LEVEL as LogLevel) : 'info';

function settingsFrom(vars: PlainVariables): EventsSettings {
  return readEventsSettings((name) => vars[name] || undefined, []);
}

/**
 * The deployment's hub. Abstract over reading the configuration, which the Worker's entry
 * point supplies (src/worker/index.ts, EventHub), as it does for the watched calls.
 */
export abstract class EventHubBase extends DurableObject<Env> {
  private readonly sql: SqlEvents;
  private readonly port: SqlPort;
  /** The calling gateway's variables, credentials included: in memory only, never stored. */
  private vars: PlainVariables = {};
  private prefix = '';
  private started: ReturnType<typeof startedSearch> | undefined;
  /** Where each instance's last search for new calls ended. */
  private readonly lastUntil = new Map<string, number>();

  /** The configured instances, as loadConfig reads them from `vars`. */
  protected abstract configure(vars: Variables): readonly InstanceConfig[];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.port = storagePort(ctx);
    this.sql = new SqlEvents(this.port, Date.now);
    this.port.run('CREATE TABLE IF NOT EXISTS hub_settings (id INTEGER PRIMARY KEY, value TEXT)');
  }

  /** Keeps the delivery settings of the gateway that called (no secrets among them). */
  private remember(vars: PlainVariables): void {
    const kept = {
      WEBHOOK_ALLOWED_DESTINATIONS: vars.WEBHOOK_ALLOWED_DESTINATIONS ?? '',
      WEBHOOK_RETRY_SCHEDULE: vars.WEBHOOK_RETRY_SCHEDULE ?? '',
      EVENTS_POLL_INTERVAL_MS: vars.EVENTS_POLL_INTERVAL_MS ?? '',
      LOG_LEVEL: vars.LOG_LEVEL ?? '',
    };
    this.port.run(
      'INSERT OR REPLACE INTO hub_settings (id, value) VALUES (1, ?)',
      JSON.stringify(kept),
    );
  }

  private settings(): { events: EventsSettings; logLevel: LogLevel } {
    const [row] = this.port.all('SELECT value FROM hub_settings WHERE id = 1');
    const vars = row ? (JSON.parse(String(row.value)) as PlainVariables) : {};
    return { events: settingsFrom(vars), logLevel: logLevelOf(vars) };
  }

  async record(input: NewEvent, made: GatewayEvent | null, vars: PlainVariables) {
    this.remember(vars);
    const recorded = this.sql.record(input, made ?? undefined);
    if (recorded.deliveries > 0) await this.arm(Date.now());
    return recorded.event;
  }

  async wanted(type: EventType) {
    return this.sql.wanted(type);
  }

  async createEndpoint(
    owner: string,
    fields: EndpointFields,
    secret: string,
    vars: PlainVariables,
    prefix: string,
  ) {
    const made = this.sql.createEndpoint(owner, fields, secret);
    await this.heard(vars, prefix);
    return made;
  }
  async endpoints(owner: string) {
    return this.sql.endpoints(owner);
  }
  async endpoint(owner: string, id: string) {
    return this.sql.endpoint(owner, id);
  }
  async updateEndpoint(
    owner: string,
    id: string,
    patch: Partial<EndpointFields> & { enabled?: boolean },
    vars: PlainVariables,
    prefix: string,
  ) {
    const updated = this.sql.updateEndpoint(owner, id, patch);
    await this.heard(vars, prefix);
    return updated;
  }

  /**
   * A gateway changed the endpoints: keep its variables for polling, and while some endpoint
   * wants call.started, keep the alarm coming at the poll interval.
   */
  private async heard(vars: PlainVariables, prefix: string): Promise<void> {
    this.vars = vars;
    this.prefix = prefix;
    this.remember(vars);
    if (this.sql.wanted('call.started'))
      await this.arm(Date.now() + this.settings().events.pollIntervalMs);
  }
  async deleteEndpoint(owner: string, id: string) {
    return this.sql.deleteEndpoint(owner, id);
  }
  async rotateSecret(owner: string, id: string, secret: string, overlapMs: number) {
    return this.sql.rotateSecret(owner, id, secret, overlapMs);
  }
  async deliveries(owner: string, id: string, limit: number) {
    return this.sql.deliveries(owner, id, limit);
  }
  async retryDelivery(owner: string, id: string, deliveryId: string, vars: PlainVariables) {
    this.remember(vars);
    const eventId = this.sql.retryDelivery(owner, id, deliveryId);
    if (eventId !== null) await this.arm(Date.now());
    return eventId;
  }
  async test(owner: string, id: string, vars: PlainVariables) {
    this.remember(vars);
    const recorded = this.sql.recordTest(owner, id);
    if (recorded) await this.arm(Date.now());
    return recorded;
  }

  override async alarm(): Promise<void> {
    const { events: settings, logLevel } = this.settings();
    const logger = createConsoleLogger(logLevel, { component: 'events' });
    // call.started: one search per instance and poll, here for the whole fleet.
    const polling = this.sql.wanted('call.started');
    if (polling) {
      this.started ??= startedSearch(this.instances(logger), logger);
      await pollStartedOnce(this.sql, this.started, this.lastUntil, Date.now, logger);
    }
    await dispatchDue(
      this.sql,
      {
        scheduleMs: settings.scheduleMs,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        allow: settings.allow,
        disableAfterMs: DISABLE_AFTER_MS,
      },
      fetchSender,
      logger,
      Date.now,
    );
    const due = this.sql.nextDue();
    const poll = polling ? Date.now() + settings.pollIntervalMs : null;
    const next = due === null ? poll : poll === null ? due : Math.min(due, poll);
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
  }

  /** The instances to search: the calling gateway's, or after an eviction the Worker's own. */
  private instances(logger: ReturnType<typeof createConsoleLogger>) {
    const vars = Object.keys(this.vars).length ? this.vars : (this.env as unknown as Variables);
    return pollingInstances(this.configure(vars), this.env, this.prefix, logger);
  }

  /** The alarm at `at`, unless one is set sooner. */
  private async arm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }
}

interface WatchStart {
  gatewayId: string;
  instance: string;
  lastEventId: string | null;
  snapshot: Call;
  vars: PlainVariables;
  prefix: string;
}

/**
 * The object of one watched call. Abstract over reading the configuration, which the
 * Worker's entry point supplies (src/worker/index.ts, CallWatchObject), as it does for the gateway.
 */
export abstract class CallWatchBase extends DurableObject<Env> {
  private readonly sql: SqlEvents;
  private watch: CallWatch | undefined;
  private vars: PlainVariables = {};
  private prefix = '';

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = new SqlEvents(storagePort(ctx), Date.now);
  }

  /** A watcher's stream: the request body is a WatchStart. */
  override async fetch(request: Request): Promise<Response> {
    const start = (await request.json()) as WatchStart;
    this.vars = start.vars;
    this.prefix = start.prefix;
    const watch = this.watchOf(start.gatewayId, start.instance);
    return eventStreamResponse(
      (subscriber) => watch.open(subscriber, start.lastEventId, start.snapshot),
      (subscriber) => watch.remove(subscriber),
      request.signal,
    );
  }

  /** An event of the gateway's own (a write): stored here, sent to watchers, then to the hub. */
  async record(input: NewEvent, vars: PlainVariables, prefix: string): Promise<void> {
    this.vars = vars;
    this.prefix = prefix;
    const { event } = this.sql.record(input);
    this.watch?.broadcast(event);
    await this.hub().record(input, event, vars);
  }

  /** Would an event of `type` reach anyone: this call's watchers, or an endpoint? */
  async wants(type: EventType, prefix: string): Promise<boolean> {
    this.prefix = prefix;
    if ((this.watch?.watchers ?? 0) > 0) return true;
    return this.hub().wanted(type);
  }

  override async alarm(): Promise<void> {
    // After an eviction nobody is connected: the watch is gone, and so is the need to poll.
    await this.watch?.tick();
  }

  private hub() {
    return (this.env as unknown as EventBindings).EVENT_HUB.getByName(`${this.prefix}events`);
  }

  private watchOf(gatewayId: string, instance: string): CallWatch {
    if (this.watch) return this.watch;
    const logger = createConsoleLogger(logLevelOf(this.vars), {
      component: 'events',
      watch: gatewayId,
    });
    const settings = settingsFrom(this.vars);
    let poll: ((id: string) => Promise<Call>) | undefined;
    this.watch = new CallWatch(gatewayId, instance, {
      log: this.sql,
      poll: () => {
        poll ??= this.poller(logger);
        return poll(gatewayId);
      },
      schedule: (ms) => {
        this.ctx.storage.setAlarm(Date.now() + ms).catch(() => {});
      },
      intervalMs: settings.pollIntervalMs,
      now: Date.now,
      logger,
      recorded: (input, event) => {
        this.ctx.waitUntil(this.hub().record(input, event, this.vars));
      },
      idle: () => {
        this.ctx.storage.deleteAlarm().catch(() => {});
        this.watch?.stopped();
      },
    });
    return this.watch;
  }

  /** The configured instances, as loadConfig reads them from `vars`. */
  protected abstract configure(vars: Variables): readonly InstanceConfig[];

  private poller(logger: ReturnType<typeof createConsoleLogger>) {
    const vars = Object.keys(this.vars).length ? this.vars : (this.env as unknown as Variables);
    return callPoller(
      pollingInstances(this.configure(vars), this.env, this.prefix, logger),
      logger,
    );
  }
}

/** The instances as the calling gateway configured them, polled through their own state. */
function pollingInstances(
  configs: readonly InstanceConfig[],
  env: Env,
  prefix: string,
  logger: ReturnType<typeof createConsoleLogger>,
) {
  return buildInstances(configs, null, {
    http: createFetchClient(),
    stream: createFetchStreamClient(),
    logger,
    now: Date.now,
    state: createDurableObjectState(env as unknown as StateBindings, {
      ...(prefix ? { prefix } : {}),
    }),
    metrics: NO_METRICS,
  });
}

/** The isolate's side: the routes' EventsService over the two kinds of objects. */
export function durableObjectEvents(
  bindings: EventBindings,
  env: Variables,
  settings: EventsSettings,
  prefix = '',
): EventsFactory {
  const vars: PlainVariables = {};
  for (const [name, value] of Object.entries(env))
    if (typeof value === 'string') vars[name] = value;
  const hub = () => bindings.EVENT_HUB.getByName(`${prefix}events`);
  const call = (id: string) => bindings.CALL_WATCH.getByName(`${prefix}call:${id}`);
  const quota = new WatcherQuota();
  return (): EventsService => ({
    allow: settings.allow,
    async record(input) {
      if (input.callId === null) await hub().record(input, null, vars);
      else await call(input.callId).record(input, vars, prefix);
    },
    wants: (type, callId) => call(callId).wants(type, prefix),
    async watch(request) {
      const release = quota.take(request.owner);
      const start: WatchStart = {
        gatewayId: request.gatewayId,
        instance: request.instance,
        lastEventId: request.lastEventId,
        snapshot: request.snapshot,
        vars,
        prefix,
      };
      let response: Response;
      try {
        response = await call(request.gatewayId).fetch('https://call-watch/watch', {
          method: 'POST',
          body: JSON.stringify(start),
        });
      } catch (error) {
        release();
        throw error;
      }
      if (!response.body || response.status !== 200) {
        release();
        return response;
      }
      // Relayed as it comes; when the watcher leaves, the object's stream is cancelled too.
      const relay = new TransformStream<Uint8Array, Uint8Array>({ flush: release });
      response.body.pipeTo(relay.writable, { signal: request.signal }).catch(release);
      return new Response(relay.readable, { status: 200, headers: response.headers });
    },
    endpoints: {
      create: (owner, fields, secret) => hub().createEndpoint(owner, fields, secret, vars, prefix),
      list: (owner) => hub().endpoints(owner),
      get: (owner, id) => hub().endpoint(owner, id),
      update: (owner, id, patch) => hub().updateEndpoint(owner, id, patch, vars, prefix),
      remove: (owner, id) => hub().deleteEndpoint(owner, id),
      rotate: (owner, id, secret, overlapMs) => hub().rotateSecret(owner, id, secret, overlapMs),
      deliveries: (owner, id, limit) => hub().deliveries(owner, id, limit),
      retry: (owner, id, deliveryId) => hub().retryDelivery(owner, id, deliveryId, vars),
      test: (owner, id) => hub().test(owner, id, vars),
    },
    close: async () => {},
  });
}
