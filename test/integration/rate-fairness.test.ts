import { afterAll, beforeAll, describe } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeFairness } from '../shared/fairness-routes.ts';
import { startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('the request cap on Node', () => {
  describeFairness(() => ({
    sandboxOrigin: sandbox.origin,
    secrets: [],
    start: async (env) => {
      const gateway = await startGateway({ ...verbaEnv(sandbox), ...env }, { name: 'fairness' });
      return { fetch: gateway.raw, close: gateway.close };
    },
  }));
});
