/**
 * What the routes see of events, whichever runtime holds them: Node's (src/node/events.ts)
 * or the Worker's Durable Objects (src/worker/event-objects.ts).
 */
import type { Call } from '../core/call.ts';
import type { Logger } from '../core/logger.ts';
import type { AllowList } from './destinations.ts';
import type { EventType, NewEvent } from './event.ts';
import type { CallPoller, StartedSearch } from './poll.ts';
import type { Delivery, Endpoint, EndpointFields } from './sql-store.ts';

export interface WatchRequest {
  gatewayId: string;
  instance: string;
  /** `Last-Event-ID`, when the watcher resumes. */
  lastEventId: string | null;
  /** The call as the route just read it. */
  snapshot: Call;
  /** The API key's name, for the watchers-per-key limit. */
  owner: string;
  signal: AbortSignal;
}

/** A key's webhook endpoints; another key's are never found. */
export interface EndpointStore {
  create(owner: string, fields: EndpointFields, secret: string): Promise<Endpoint | 'limit'>;
  list(owner: string): Promise<Endpoint[]>;
  get(owner: string, id: string): Promise<Endpoint | null>;
  update(
    owner: string,
    id: string,
    patch: Partial<EndpointFields> & { enabled?: boolean },
  ): Promise<Endpoint | null>;
  remove(owner: string, id: string): Promise<boolean>;
  rotate(owner: string, id: string, secret: string, overlapMs: number): Promise<Endpoint | null>;
  deliveries(owner: string, id: string, limit: number): Promise<Delivery[] | null>;
  /** The delivery's event id, or null when it is not the endpoint's. */
  retry(owner: string, id: string, deliveryId: string): Promise<string | null>;
  /** A `webhook.test` event to this endpoint alone; null when it is not the key's. */
  test(owner: string, id: string): Promise<{ eventId: string; deliveryId: string } | null>;
}

export interface EventsService {
  /** Where webhooks may go (WEBHOOK_ALLOWED_DESTINATIONS). */
  readonly allow: AllowList;
  /** An event of the gateway's own (a write): stored, then sent. */
  record(input: NewEvent): Promise<void>;
  /** Would anyone receive it: an endpoint wanting `type`, or a watcher of the call? */
  wants(type: EventType, callId: string): Promise<boolean>;
  /** The stream of GET /calls/{id}/events, or a 204 when the watcher saw the end already. */
  watch(request: WatchRequest): Promise<Response>;
  readonly endpoints: EndpointStore;
  close(): Promise<void>;
}

/** What the gateway hands the runtime's events once its instances are built. */
export interface EventsDeps {
  poll: CallPoller;
  /** Each searchable instance's new calls, for `call.started`. */
  started: { instances: string[]; search: StartedSearch };
  logger: Logger;
}

export type EventsFactory = (deps: EventsDeps) => EventsService;

export interface EventsSettings {
  /** EVENTS_POLL_INTERVAL_MS. */
  pollIntervalMs: number;
  allow: AllowList;
  /** WEBHOOK_RETRY_SCHEDULE, in milliseconds. */
  scheduleMs: number[];
}

/** Both secrets sign for this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
