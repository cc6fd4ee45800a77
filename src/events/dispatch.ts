/**
 * Sends the deliveries that are due, on either runtime: taken from the store (which pushes
 * each ahead by a lease first, so a sender that vanishes is replaced then), attempted,
 * and written back. Node runs it on a timer (src/node/events.ts), the Worker in the event hub's
 * alarm (src/worker/event-objects.ts).
 */
import type { Logger } from '../core/logger.ts';
import {
  attemptDelivery,
  DELIVERY_LEASE_MS,
  type DeliverySettings,
  type Sender,
} from './delivery.ts';
import type { SqlEvents } from './sql-store.ts';

/** Deliveries sent at once; the next batch goes when these are done. */
const BATCH = 16;

export async function dispatchDue(
  events: SqlEvents,
  settings: DeliverySettings,
  send: Sender,
  log: Logger,
  now: () => number,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const due = events.claimDue(BATCH, DELIVERY_LEASE_MS);
    if (due.length === 0) return sent;
    await Promise.all(
      due.map(async (delivery) => {
        const { result, outcome } = await attemptDelivery(delivery, settings, send, now);
        const disabled = events.finishAttempt(delivery, result, outcome);
        log.info(
          {
            webhook: {
              endpoint: delivery.endpointId,
              delivery: delivery.deliveryId,
              event: delivery.eventId,
              attempt: delivery.attempt + 1,
              status: result.statusCode,
              error: result.error,
              next: outcome.nextAt === null ? null : new Date(outcome.nextAt).toISOString(),
            },
          },
          'webhook attempt',
        );
        if (disabled) {
          log.warn(
            { webhook: { endpoint: disabled.id, reason: disabled.disabledReason } },
            'webhook endpoint disabled',
          );
          // The owner's other endpoints hear of it; the disabled one is no longer a recipient.
          events.record({
            type: 'webhook.endpoint.disabled',
            data: {
              endpoint: {
                id: disabled.id,
                url: disabled.url,
                disabledReason: disabled.disabledReason,
              },
            },
            callId: null,
            instance: null,
            owner: disabled.owner,
          });
        }
      }),
    );
    sent += due.length;
  }
}
