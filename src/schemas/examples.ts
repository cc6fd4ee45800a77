import type { Call } from '../core/call.ts';

/** The sandbox's finished Verba call, as GET /calls/{id} answers it: the documents' examples. */
export const VERBA_CALL_EXAMPLE: Call = {
  id: 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb',
  provider: 'verba',
  instance: 'verba',
  providerCallId: 'a8343631-9f35-4a3a-83f0-9e81592339fb',
  state: 'completed',
  providerState: '1',
  outcome: null,
  providerOutcome: '0',
  direction: 'outbound',
  from: { number: '8856', name: 'Front desk' },
  to: [{ number: '+12125550101', name: 'Ada Lovelace' }],
  startedAt: '2026-11-20T09:15:02.120Z',
  answeredAt: null,
  endedAt: '2026-11-20T09:27:36.120Z',
  durationSeconds: 754,
  createdAt: null,
  updatedAt: null,
  attempts: [],
  recordings: [
    {
      id: 'a8343631-9f35-4a3a-83f0-9e81592339fb',
      callId: 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb',
      name: null,
      startedAt: '2026-11-20T09:15:02.120Z',
      durationSeconds: 754,
      format: null,
      contentType: null,
      links: {
        audio:
          '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/recordings/a8343631-9f35-4a3a-83f0-9e81592339fb/audio',
      },
    },
  ],
  labels: [],
  recordingPolicy: { onDemand: true, kept: false, doNotDelete: false },
  externalIds: { platformCallId: '71627389', nativeId: 'TRS26140192' },
  links: {
    self: '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb',
    providerUrl: '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/url',
  },
};

/** The sample call of CallFire's GetCall documentation, as GET /calls/{id} answers it. */
export const CALLFIRE_CALL_EXAMPLE: Call = {
  id: 'callfire_224205636001',
  provider: 'callfire',
  instance: 'callfire',
  providerCallId: '224205636001',
  state: 'completed',
  providerState: 'FINISHED',
  outcome: 'answered',
  providerOutcome: 'LA',
  direction: 'outbound',
  from: { number: '+12132609784', name: null },
  to: [{ number: '+19196991764', name: null }],
  startedAt: '2014-06-16T19:34:29.000Z',
  answeredAt: '2014-06-16T19:34:41.000Z',
  endedAt: '2014-06-16T19:35:16.000Z',
  durationSeconds: 35,
  createdAt: '2014-06-16T19:34:29.000Z',
  updatedAt: '2014-06-16T19:35:14.000Z',
  attempts: [
    {
      id: '135106697001',
      outcome: 'answered',
      providerOutcome: 'LA',
      startedAt: '2014-06-16T19:34:29.000Z',
      answeredAt: '2014-06-16T19:34:41.000Z',
      endedAt: '2014-06-16T19:35:16.000Z',
      durationSeconds: 35,
      billedAmount: 0,
      ivrAnswers: [],
      recordings: [],
    },
  ],
  recordings: [],
  labels: [],
  recordingPolicy: null,
  externalIds: { broadcastId: '1836940001', contactId: '169915679001' },
  links: { self: '/calls/callfire_224205636001', providerUrl: null },
};

/** A first page of `GET /calls?provider=callfire&state=completed&limit=1`. */
export const CALLFIRE_PAGE_EXAMPLE = {
  items: [CALLFIRE_CALL_EXAMPLE],
  nextCursor: 'eyJvIjoxLCJxIjoiYWI0YTZjMTEifQ',
};
