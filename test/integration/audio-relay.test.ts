import { afterAll, beforeAll, describe } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeAudioRelay } from '../shared/audio-relay.ts';
import { CALLFIRE_TEST_CURSOR_KEY, callfireEnv } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

let verba: VerbaSandbox;
let callfire: CallFireSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  verba = await startVerbaSandbox();
  callfire = await startCallFireSandbox();
  gateway = await startGateway(
    {
      ...verbaEnv(verba),
      VERBA_TIMEOUT_MS: '2000',
      ...callfireEnv(callfire),
    },
    { name: 'audio-relay' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([verba?.close(), callfire?.close()]);
});

describe('audio relay on Node', () => {
  describeAudioRelay(() => ({
    fetch: gateway.fetch,
    verba: { apiUrl: verba.apiUrl, origin: verba.origin, ...verba.options },
    callfire: { apiUrl: callfire.apiUrl, origin: callfire.origin, ...callfire.options },
  }));
});
