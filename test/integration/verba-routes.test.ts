import { afterAll, beforeAll, describe } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeVerbaRoutes } from '../shared/verba-routes.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(
    {
      ...verbaEnv(sandbox),
    },
    { name: 'verba-routes' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

describe('Verba routes on Node', () => {
  describeVerbaRoutes(() => ({ fetch: gateway.fetch, sandboxOrigin: sandbox.origin }));
});
