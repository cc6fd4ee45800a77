import { afterAll, beforeAll, describe } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeTokenWaits } from '../shared/token-waits.ts';
import { startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('Verba tokens on Node', () => {
  describeTokenWaits(() => ({
    sandboxOrigin: sandbox.origin,
    secrets: [],
    start: async (env) => {
      const gateway = await startGateway({ ...verbaEnv(sandbox), ...env }, { name: 'tokens' });
      return { fetch: gateway.raw, close: gateway.close };
    },
  }));
});
