/**
 * An event of the gateway: `{ id, type, timestamp, data }`, stored before it is sent, with
 * one id that the Server-Sent Events stream and the webhooks share. The gateway makes them
 * itself (neither provider pushes events it can rely on): its own writes at once, watched
 * calls and each instance's new calls by polling.
 */
import type { Call } from '../core/call.ts';

/** What an endpoint may subscribe to. */
export const EVENT_TYPES = [
  'call.started',
  'call.updated',
  'call.ended',
  'call.kept',
  'call.unmarked',
  'call.deleted',
  'webhook.endpoint.disabled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A test event goes to the one endpoint that asked for it, whatever it subscribes to. */
export type AnyEventType = EventType | 'webhook.test';

export interface EndpointSummary {
  id: string;
  url: string;
  disabledReason: string | null;
}

export type EventData = { call: Call } | { endpoint: EndpointSummary };

export interface GatewayEvent {
  id: string;
  type: AnyEventType;
  timestamp: string;
  data: EventData;
}

/** An event before it is stored: who may receive it, besides its body. */
export interface NewEvent {
  type: AnyEventType;
  data: EventData;
  /** The call's gateway id, for the call's own stream; null for an endpoint's events. */
  callId: string | null;
  /** The provider instance, for endpoints filtered by instance. */
  instance: string | null;
  /** Only this API key's endpoints receive it (the endpoint events); null: any key's. */
  owner: string | null;
  /** Only this endpoint receives it (a test event). */
  endpointId?: string;
}

/** Events are kept this long, for resuming streams and for deliveries still retried. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** An event's body is at most this many bytes; the call is sent without `raw`. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** A call's stream keeps its latest events only: a watched call rarely changes this often. */
export const MAX_EVENTS_PER_CALL = 500;
/** Webhook endpoints one API key may hold. */
export const MAX_ENDPOINTS_PER_KEY = 20;
/** Streams one API key may hold open at once, on one process or isolate. */
export const MAX_WATCHERS_PER_KEY = 50;

/** A call that will not change any more: its stream ends, its watcher stops. */
export const isFinal = (call: Call) => call.state === 'completed' || call.state === 'failed';

/** Sortable by time, unguessable: `<prefix>_<ms in base 36><random hex>`. */
export function newId(prefix: string, now = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  const hex = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}_${now.toString(36).padStart(9, '0')}${hex}`;
}

/** What a change is judged on: the call as the provider describes it, links aside. */
export function callFingerprint(call: Call): string {
  const { links: _links, raw: _raw, ...rest } = call as Call & { raw?: unknown };
  return JSON.stringify(rest);
}
