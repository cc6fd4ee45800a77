import type { Call } from './call.ts';

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
  recordings: [],
  labels: [],
  recordingPolicy: { onDemand: true, kept: false, doNotDelete: false },
  externalIds: { platformCallId: '71627389', nativeId: 'TRS26140192' },
  links: {
    self: '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb',
    providerUrl: '/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/url',
  },
};
