import type { TestProject } from 'vitest/node';
import { startCallFireSandbox } from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_BULK_CALLS } from '../support/callfire.ts';

/** Runs in Node: the sandboxes the Worker under test (in workerd) talks to over loopback. */
export default async function setup(project: TestProject) {
  const verba = await startVerbaSandbox();
  const callfire = await startCallFireSandbox({ bulkCalls: CALLFIRE_BULK_CALLS, slowMs: 2_000 });
  project.provide('verba', { apiUrl: verba.apiUrl, origin: verba.origin, ...verba.options });
  project.provide('callfire', {
    apiUrl: callfire.apiUrl,
    origin: callfire.origin,
    ...callfire.options,
  });
  return async () => {
    await Promise.all([verba.close(), callfire.close()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    verba: {
      apiUrl: string;
      origin: string;
      apiKey: string;
      userName: string;
      password: string;
      timeZone: string;
    };
    callfire: { apiUrl: string; origin: string; userName: string; password: string };
  }
}
