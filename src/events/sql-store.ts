/**
 * Events, webhook endpoints and their deliveries in SQLite, written once for both engines:
 * node:sqlite (STATE_DB) on Node and the event hub's Durable Object storage on the Worker.
 * Every method runs in one transaction and never awaits. An event and the deliveries it
 * makes are written together, before anything is sent: a delivery is never lost between
 * the two.
 */
import type { SqlPort, SqlRow } from '../core/state/sql.ts';
import {
  EVENT_RETENTION_MS,
  type EventType,
  type GatewayEvent,
  MAX_ENDPOINTS_PER_KEY,
  MAX_EVENT_BYTES,
  MAX_EVENTS_PER_CALL,
  type NewEvent,
  newId,
} from './event.ts';

export const EVENT_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     call_id TEXT,
     type TEXT NOT NULL,
     at INTEGER NOT NULL,
     body TEXT NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS events_call ON events (call_id, seq)',
  'CREATE INDEX IF NOT EXISTS events_at ON events (at)',
  // Calls a call.started was made for, so a call seen by two polls is announced once.
  `CREATE TABLE IF NOT EXISTS started_calls (
     call_id TEXT PRIMARY KEY,
     at INTEGER NOT NULL
   )`,
  // The last state a watcher saw of a call, so a change is an event once, whoever polls.
  `CREATE TABLE IF NOT EXISTS call_watch (
     call_id TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS webhook_endpoints (
     id TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     url TEXT NOT NULL,
     events TEXT NOT NULL,
     instances TEXT,
     secret TEXT NOT NULL,
     previous_secret TEXT,
     previous_until INTEGER,
     disabled_at INTEGER,
     disabled_reason TEXT,
     failing_since INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS webhook_endpoints_owner ON webhook_endpoints (owner)',
  `CREATE TABLE IF NOT EXISTS deliveries (
     id TEXT PRIMARY KEY,
     endpoint_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_at INTEGER,
     created_at INTEGER NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_at)',
  'CREATE INDEX IF NOT EXISTS deliveries_endpoint ON deliveries (endpoint_id, created_at)',
  `CREATE TABLE IF NOT EXISTS delivery_attempts (
     delivery_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     status INTEGER,
     duration_ms INTEGER NOT NULL,
     excerpt TEXT,
     error TEXT
   )`,
  'CREATE INDEX IF NOT EXISTS delivery_attempts_delivery ON delivery_attempts (delivery_id, at)',
];

export interface Endpoint {
  id: string;
  owner: string;
  url: string;
  events: EventType[];
  instances: string[] | null;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
  /** When the failures without a success in between began. */
  failingSince: string | null;
}

/** The secrets that sign: the current one, and during a rotation the previous one too. */
export interface EndpointSecrets {
  current: string;
  previous: string | null;
}

export interface EndpointFields {
  url: string;
  events: EventType[];
  instances: string[] | null;
}

export interface Attempt {
  at: string;
  statusCode: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: Attempt[];
  nextAttemptAt: string | null;
  createdAt: string;
}

/** A delivery taken for sending: everything the sender needs, the body as stored. */
export interface DueDelivery {
  deliveryId: string;
  attempt: number;
  eventId: string;
  body: string;
  url: string;
  endpointId: string;
  owner: string;
  secrets: EndpointSecrets;
  failingSince: number | null;
}

export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
  ok: boolean;
}

/** What the dispatcher decided after an attempt. */
export interface AttemptOutcome {
  /** When to try again; null when delivered or given up. */
  nextAt: number | null;
  /** Set when this attempt disabled the endpoint. */
  disable: string | null;
}

const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const text = (value: unknown) => (typeof value === 'string' ? value : null);

export class SqlEvents {
  private readonly db: SqlPort;
  private readonly now: () => number;

  constructor(db: SqlPort, now: () => number) {
    this.db = db;
    this.now = now;
    for (const statement of EVENT_SCHEMA) db.run(statement);
  }

  /**
   * Stores the event and one pending delivery per endpoint that wants it; returns the
   * event and how many deliveries it made.
   */
  record(input: NewEvent, made?: GatewayEvent): { event: GatewayEvent; deliveries: number } {
    return this.db.transaction(() => {
      const now = this.now();
      // `made`: an event another store recorded first (a call's own, on the Worker), same id.
      const event: GatewayEvent = made ?? {
        id: newId('evt', now),
        type: input.type,
        timestamp: new Date(now).toISOString(),
        data: input.data,
      };
      const body = JSON.stringify(event);
      if (new TextEncoder().encode(body).length > MAX_EVENT_BYTES)
        throw new Error(`event of ${input.type} exceeds ${MAX_EVENT_BYTES} bytes`);
      this.db.run(
        'INSERT OR IGNORE INTO events (id, call_id, type, at, body) VALUES (?, ?, ?, ?, ?)',
        event.id,
        input.callId,
        input.type,
        now,
        body,
      );
      if (input.callId !== null) this.boundCall(input.callId);
      let count = 0;
      for (const endpointId of this.recipients(input)) {
        this.db.run(
          `INSERT INTO deliveries (id, endpoint_id, event_id, state, attempts, next_at, created_at)
           VALUES (?, ?, ?, 'pending', 0, ?, ?)`,
          newId('dlv', now),
          endpointId,
          event.id,
          now,
          now,
        );
        count++;
      }
      return { event, deliveries: count };
    });
  }

  /** Does any enabled endpoint want events of `type`? */
  wanted(type: EventType): boolean {
    const rows = this.db.all('SELECT events FROM webhook_endpoints WHERE disabled_at IS NULL');
    return rows.some((row) => (JSON.parse(String(row.events)) as string[]).includes(type));
  }

  private recipients(input: NewEvent): string[] {
    if (input.endpointId !== undefined) return [input.endpointId];
    const rows =
      input.owner === null
        ? this.db.all(
            'SELECT id, events, instances FROM webhook_endpoints WHERE disabled_at IS NULL',
          )
        : this.db.all(
            'SELECT id, events, instances FROM webhook_endpoints WHERE disabled_at IS NULL AND owner = ?',
            input.owner,
          );
    return rows
      .filter((row) => {
        const events = JSON.parse(String(row.events)) as string[];
        if (!events.includes(input.type)) return false;
        if (row.instances === null || input.instance === null) return true;
        return (JSON.parse(String(row.instances)) as string[]).includes(input.instance);
      })
      .map((row) => String(row.id));
  }

  /** A call's stream keeps its latest MAX_EVENTS_PER_CALL events. */
  private boundCall(callId: string): void {
    this.db.run(
      `DELETE FROM events WHERE call_id = ? AND seq <= (
         SELECT seq FROM events WHERE call_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
      callId,
      callId,
      MAX_EVENTS_PER_CALL,
    );
  }

  /**
   * The call's events after `afterId`: `known` is false when that id is not (or no longer)
   * in the call's stream, and the caller starts again from a snapshot.
   */
  callEvents(callId: string, afterId: string | null): { known: boolean; events: GatewayEvent[] } {
    let after = 0;
    if (afterId !== null) {
      const [row] = this.db.all(
        'SELECT seq FROM events WHERE id = ? AND call_id = ?',
        afterId,
        callId,
      );
      if (!row) return { known: false, events: [] };
      after = Number(row.seq);
    }
    const rows = this.db.all(
      'SELECT body FROM events WHERE call_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      callId,
      after,
      MAX_EVENTS_PER_CALL,
    );
    return { known: true, events: rows.map((row) => JSON.parse(String(row.body)) as GatewayEvent) };
  }

  /** The latest event of the call, or null. */
  lastCallEvent(callId: string): GatewayEvent | null {
    const [row] = this.db.all(
      'SELECT body FROM events WHERE call_id = ? ORDER BY seq DESC LIMIT 1',
      callId,
    );
    return row ? (JSON.parse(String(row.body)) as GatewayEvent) : null;
  }

  /**
   * Compares the call's fingerprint with the one stored and keeps the new one: true when it
   * changed since the last look (false the first time: there is nothing to compare with).
   */
  observe(callId: string, fingerprint: string): 'first' | 'same' | 'changed' {
    return this.db.transaction(() => {
      const [row] = this.db.all('SELECT fingerprint FROM call_watch WHERE call_id = ?', callId);
      if (row && row.fingerprint === fingerprint) return 'same';
      this.db.run(
        `INSERT INTO call_watch (call_id, fingerprint, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (call_id) DO UPDATE SET fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`,
        callId,
        fingerprint,
        this.now(),
      );
      return row ? 'changed' : 'first';
    });
  }

  /** True the first time a call is seen starting; false after. */
  firstStart(callId: string): boolean {
    return this.db.transaction(() => {
      const [row] = this.db.all('SELECT at FROM started_calls WHERE call_id = ?', callId);
      if (row) return false;
      this.db.run('INSERT INTO started_calls (call_id, at) VALUES (?, ?)', callId, this.now());
      return true;
    });
  }

  // Endpoints: each API key sees only its own; another key's is simply not found.

  createEndpoint(owner: string, fields: EndpointFields, secret: string): Endpoint | 'limit' {
    return this.db.transaction(() => {
      const [count] = this.db.all(
        'SELECT COUNT(*) AS n FROM webhook_endpoints WHERE owner = ?',
        owner,
      );
      if (Number(count?.n ?? 0) >= MAX_ENDPOINTS_PER_KEY) return 'limit';
      const now = this.now();
      const id = newId('whk', now);
      this.db.run(
        `INSERT INTO webhook_endpoints (id, owner, url, events, instances, secret, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        owner,
        fields.url,
        JSON.stringify(fields.events),
        fields.instances === null ? null : JSON.stringify(fields.instances),
        secret,
        now,
        now,
      );
      return this.endpoint(owner, id) as Endpoint;
    });
  }

  endpoints(owner: string): Endpoint[] {
    return this.db
      .all('SELECT * FROM webhook_endpoints WHERE owner = ? ORDER BY created_at', owner)
      .map(endpointOf);
  }

  endpoint(owner: string, id: string): Endpoint | null {
    const [row] = this.db.all(
      'SELECT * FROM webhook_endpoints WHERE owner = ? AND id = ?',
      owner,
      id,
    );
    return row ? endpointOf(row) : null;
  }

  /** Changes what is given; `enabled: true` turns a disabled endpoint back on. */
  updateEndpoint(
    owner: string,
    id: string,
    patch: Partial<EndpointFields> & { enabled?: boolean },
  ): Endpoint | null {
    return this.db.transaction(() => {
      const found = this.endpoint(owner, id);
      if (!found) return null;
      const now = this.now();
      const next = { ...found, ...patch };
      const enable = patch.enabled === true;
      this.db.run(
        `UPDATE webhook_endpoints SET url = ?, events = ?, instances = ?, updated_at = ?,
           disabled_at = CASE WHEN ? THEN NULL ELSE disabled_at END,
           disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END,
           failing_since = CASE WHEN ? THEN NULL ELSE failing_since END
         WHERE owner = ? AND id = ?`,
        next.url,
        JSON.stringify(next.events),
        next.instances === null ? null : JSON.stringify(next.instances),
        now,
        enable ? 1 : 0,
        enable ? 1 : 0,
        enable ? 1 : 0,
        owner,
        id,
      );
      return this.endpoint(owner, id);
    });
  }

  deleteEndpoint(owner: string, id: string): boolean {
    return this.db.transaction(() => {
      if (!this.endpoint(owner, id)) return false;
      this.db.run('DELETE FROM webhook_endpoints WHERE id = ?', id);
      this.db.run(
        'DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE endpoint_id = ?)',
        id,
      );
      this.db.run('DELETE FROM deliveries WHERE endpoint_id = ?', id);
      return true;
    });
  }

  /** A new secret; the old one keeps signing alongside it for `overlapMs`. */
  rotateSecret(owner: string, id: string, secret: string, overlapMs: number): Endpoint | null {
    return this.db.transaction(() => {
      if (!this.endpoint(owner, id)) return null;
      const now = this.now();
      this.db.run(
        `UPDATE webhook_endpoints SET previous_secret = secret, previous_until = ?, secret = ?,
           updated_at = ? WHERE id = ?`,
        now + overlapMs,
        secret,
        now,
        id,
      );
      return this.endpoint(owner, id);
    });
  }

  /** The endpoint's latest deliveries, newest first, each with its attempts. */
  deliveries(owner: string, endpointId: string, limit: number): Delivery[] | null {
    if (!this.endpoint(owner, endpointId)) return null;
    return this.db
      .all(
        `SELECT d.id, d.event_id, d.state, d.next_at, d.created_at, e.type
         FROM deliveries d LEFT JOIN events e ON e.id = d.event_id
         WHERE d.endpoint_id = ? ORDER BY d.created_at DESC, d.id DESC LIMIT ?`,
        endpointId,
        limit,
      )
      .map((row) => ({
        id: String(row.id),
        eventId: String(row.event_id),
        eventType: text(row.type) ?? 'unknown',
        state: row.state as Delivery['state'],
        nextAttemptAt: row.state === 'pending' ? iso(row.next_at) : null,
        createdAt: iso(row.created_at) as string,
        attempts: this.db
          .all(
            'SELECT at, status, duration_ms, excerpt, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY at',
            String(row.id),
          )
          .map((a) => ({
            at: iso(a.at) as string,
            statusCode: typeof a.status === 'number' ? a.status : null,
            durationMs: Number(a.duration_ms),
            excerpt: text(a.excerpt),
            error: text(a.error),
          })),
      }));
  }

  /** Sends a delivery again now, with the same event (and so the same webhook-id). */
  retryDelivery(owner: string, endpointId: string, deliveryId: string): string | null {
    return this.db.transaction(() => {
      if (!this.endpoint(owner, endpointId)) return null;
      const [row] = this.db.all(
        'SELECT event_id FROM deliveries WHERE id = ? AND endpoint_id = ?',
        deliveryId,
        endpointId,
      );
      if (!row) return null;
      this.db.run(
        "UPDATE deliveries SET state = 'pending', next_at = ? WHERE id = ?",
        this.now(),
        deliveryId,
      );
      return String(row.event_id);
    });
  }

  /**
   * A `webhook.test` event for one endpoint of `owner`, delivered to it alone: its event and
   * delivery ids, or null when the owner has no such endpoint.
   */
  recordTest(owner: string, endpointId: string): { eventId: string; deliveryId: string } | null {
    const endpoint = this.endpoint(owner, endpointId);
    if (!endpoint) return null;
    const { event } = this.record({
      type: 'webhook.test',
      data: {
        endpoint: { id: endpointId, url: endpoint.url, disabledReason: endpoint.disabledReason },
      },
      callId: null,
      instance: null,
      owner,
      endpointId,
    });
    return { eventId: event.id, deliveryId: this.deliveryOf(endpointId, event.id) ?? '' };
  }

  /** The delivery made for `eventId` to `endpointId`. */
  deliveryOf(endpointId: string, eventId: string): string | null {
    const [row] = this.db.all(
      'SELECT id FROM deliveries WHERE endpoint_id = ? AND event_id = ?',
      endpointId,
      eventId,
    );
    return row ? String(row.id) : null;
  }

  /** When the next pending delivery is due, or null. */
  nextDue(): number | null {
    const [row] = this.db.all(
      "SELECT MIN(next_at) AS at FROM deliveries WHERE state = 'pending' AND next_at IS NOT NULL",
    );
    return typeof row?.at === 'number' ? row.at : null;
  }

  /**
   * Takes up to `limit` due deliveries for sending: each is pushed `leaseMs` ahead first, so
   * one whose sender vanished (a crash, an evicted object) is sent again then: at least once.
   */
  claimDue(limit: number, leaseMs: number): DueDelivery[] {
    return this.db.transaction(() => {
      const now = this.now();
      const rows = this.db.all(
        `SELECT d.id, d.attempts, d.event_id, e.body, w.id AS endpoint_id, w.owner, w.url,
           w.secret, w.previous_secret, w.previous_until, w.failing_since, w.disabled_at
         FROM deliveries d
         JOIN webhook_endpoints w ON w.id = d.endpoint_id
         LEFT JOIN events e ON e.id = d.event_id
         WHERE d.state = 'pending' AND d.next_at <= ? ORDER BY d.next_at LIMIT ?`,
        now,
        limit,
      );
      const due: DueDelivery[] = [];
      for (const row of rows) {
        if (row.disabled_at !== null || typeof row.body !== 'string') {
          this.db.run(
            "UPDATE deliveries SET state = 'failed', next_at = NULL WHERE id = ?",
            String(row.id),
          );
          continue;
        }
        this.db.run(
          'UPDATE deliveries SET next_at = ? WHERE id = ?',
          now + leaseMs,
          String(row.id),
        );
        const previousValid =
          typeof row.previous_secret === 'string' && Number(row.previous_until) > now;
        due.push({
          deliveryId: String(row.id),
          attempt: Number(row.attempts),
          eventId: String(row.event_id),
          body: row.body,
          url: String(row.url),
          endpointId: String(row.endpoint_id),
          owner: String(row.owner),
          secrets: {
            current: String(row.secret),
            previous: previousValid ? String(row.previous_secret) : null,
          },
          failingSince: typeof row.failing_since === 'number' ? row.failing_since : null,
        });
      }
      return due;
    });
  }

  /**
   * Writes an attempt and what follows from it. Returns the endpoint when this attempt
   * disabled it, so its owner's other endpoints can be told.
   */
  finishAttempt(due: DueDelivery, result: AttemptResult, outcome: AttemptOutcome): Endpoint | null {
    return this.db.transaction(() => {
      const now = this.now();
      this.db.run(
        'INSERT INTO delivery_attempts (delivery_id, at, status, duration_ms, excerpt, error) VALUES (?, ?, ?, ?, ?, ?)',
        due.deliveryId,
        now,
        result.statusCode,
        Math.round(result.durationMs),
        result.excerpt,
        result.error,
      );
      const state = result.ok ? 'delivered' : outcome.nextAt === null ? 'failed' : 'pending';
      this.db.run(
        'UPDATE deliveries SET state = ?, attempts = attempts + 1, next_at = ? WHERE id = ?',
        state,
        result.ok ? null : outcome.nextAt,
        due.deliveryId,
      );
      if (result.ok) {
        this.db.run(
          'UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?',
          due.endpointId,
        );
        return null;
      }
      this.db.run(
        'UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?',
        now,
        due.endpointId,
      );
      if (outcome.disable === null) return null;
      this.db.run(
        `UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ?, updated_at = ?
         WHERE id = ? AND disabled_at IS NULL`,
        now,
        outcome.disable,
        now,
        due.endpointId,
      );
      // Its other pending deliveries stop with it; a retry after re-enabling sends them.
      this.db.run(
        "UPDATE deliveries SET state = 'failed', next_at = NULL WHERE endpoint_id = ? AND state = 'pending'",
        due.endpointId,
      );
      return this.endpoint(due.owner, due.endpointId);
    });
  }

  /** Removes what is past its retention; returns how many events went. */
  sweep(): number {
    return this.db.transaction(() => {
      const before = this.now() - EVENT_RETENTION_MS;
      const [row] = this.db.all('SELECT COUNT(*) AS n FROM events WHERE at < ?', before);
      this.db.run('DELETE FROM events WHERE at < ?', before);
      this.db.run('DELETE FROM delivery_attempts WHERE at < ?', before);
      this.db.run("DELETE FROM deliveries WHERE created_at < ? AND state != 'pending'", before);
      this.db.run('DELETE FROM call_watch WHERE updated_at < ?', before);
      this.db.run('DELETE FROM started_calls WHERE at < ?', before);
      return Number(row?.n ?? 0);
    });
  }
}

function endpointOf(row: SqlRow): Endpoint {
  return {
    id: String(row.id),
    owner: String(row.owner),
    url: String(row.url),
    events: JSON.parse(String(row.events)) as EventType[],
    instances: row.instances === null ? null : (JSON.parse(String(row.instances)) as string[]),
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    disabledAt: iso(row.disabled_at),
    disabledReason: text(row.disabled_reason),
    failingSince: iso(row.failing_since),
  };
}
