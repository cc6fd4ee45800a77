/** The events' variables: EVENTS_POLL_INTERVAL_MS, WEBHOOK_ALLOWED_DESTINATIONS, WEBHOOK_RETRY_SCHEDULE. */
import { DEFAULT_RETRY_SCHEDULE, parseSchedule } from './delivery.ts';
import { parseAllowList } from './destinations.ts';
import type { EventsSettings } from './service.ts';

export const DEFAULT_POLL_INTERVAL_MS = 5_000;

export function readEventsSettings(
  read: (name: string) => string | undefined,
  errors: string[],
): EventsSettings {
  const rawInterval = read('EVENTS_POLL_INTERVAL_MS');
  let pollIntervalMs = DEFAULT_POLL_INTERVAL_MS;
  if (rawInterval !== undefined) {
    // At most the heartbeat's pace: a stream's keepalive comments ride on the polls.
    if (/^\d+$/.test(rawInterval) && Number(rawInterval) >= 200 && Number(rawInterval) <= 20_000)
      pollIntervalMs = Number(rawInterval);
    else errors.push('EVENTS_POLL_INTERVAL_MS: must be a whole number from 200 to 20000');
  }
  return {
    pollIntervalMs,
    allow: parseAllowList(read('WEBHOOK_ALLOWED_DESTINATIONS'), errors),
    scheduleMs: parseSchedule(read('WEBHOOK_RETRY_SCHEDULE') ?? DEFAULT_RETRY_SCHEDULE, errors),
  };
}
