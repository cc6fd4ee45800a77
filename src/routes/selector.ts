import { badRequest } from '../core/errors.ts';
import type { CallSelector, CallStatus } from '../core/provider.ts';

export interface SelectorInput {
  extension?: string | undefined;
  status?: readonly CallStatus[] | string | undefined;
  platformCallId?: string | undefined;
  nativeId?: string | undefined;
  meetingId?: string | undefined;
}

/** Exactly one way of picking a call, or a 400 that says which fields clash or are missing. */
export function selectorFrom(
  input: SelectorInput,
  where: 'query' | 'body',
): CallSelector | undefined {
  const status =
    typeof input.status === 'string' ? (input.status.split(',') as CallStatus[]) : input.status;
  const given: CallSelector[] = [];
  if (input.extension !== undefined || status !== undefined) {
    if (input.extension === undefined || status === undefined) {
      const missing = input.extension === undefined ? 'extension' : 'status';
      throw badRequest('`extension` and `status` go together.', [
        { field: `${where}.${missing}`, message: 'is required with the other' },
      ]);
    }
    given.push({ extension: input.extension, status: [...status] });
  }
  if (input.platformCallId !== undefined) given.push({ platformCallId: input.platformCallId });
  if (input.nativeId !== undefined) given.push({ nativeId: input.nativeId });
  if (input.meetingId !== undefined) given.push({ meetingId: input.meetingId });
  if (given.length > 1) {
    throw badRequest(
      'Give one selector: `extension` + `status`, `platformCallId`, `nativeId` or `meetingId`.',
      [{ field: where, message: 'more than one selector' }],
    );
  }
  return given[0];
}
