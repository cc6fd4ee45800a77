import type { TestProject } from 'vitest/node';
import { startCallFireSandbox } from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_BULK_CALLS } from '../support/callfire.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

/** Runs in Node: the sandboxes the Worker under test (in workerd) talks to over loopback. */
export default async function setup(project: TestProject) {
  const verba = await startVerbaSandbox();
  const callfire = await startCallFireSandbox({ bulkCalls: CALLFIRE_BULK_CALLS, slowMs: 2_000 });
  // The events tests end calls: a Verba of their own, and a webhook receiver.
  const verbaEvents = await startVerbaSandbox();
  const receiver = await startReceiver();
  project.provide('verbaEvents', {
    apiUrl: verbaEvents.apiUrl,
    origin: verbaEvents.origin,
    ...verbaEvents.options,
  });
  project.provide('receiver', { url: receiver.url, origin: `http://127.0.0.1:${receiver.port}` });
  project.provide('verba', { apiUrl: verba.apiUrl, origin: verba.origin, ...verba.options });
  project.provide('callfire', {
    apiUrl: callfire.apiUrl,
    origin: callfire.origin,
    ...callfire.options,
  });
  // For the audio relay's faults alone, so they never meet another file's requests.
  const audioVerba = await startVerbaSandbox();
  const audioCallfire = await startCallFireSandbox();
  project.provide('audioVerba', {
    apiUrl: audioVerba.apiUrl,
    origin: audioVerba.origin,
    ...audioVerba.options,
  });
  project.provide('audioCallfire', {
    apiUrl: audioCallfire.apiUrl,
    origin: audioCallfire.origin,
    ...audioCallfire.options,
  });
  return async () => {
    await Promise.all([
      verba.close(),
      callfire.close(),
      audioVerba.close(),
      audioCallfire.close(),
      verbaEvents.close(),
      receiver.close(),
    ]);
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
    audioVerba: ProvidedContext['verba'];
    audioCallfire: ProvidedContext['callfire'];
    verbaEvents: {
      apiUrl: string;
      origin: string;
      apiKey: string;
      userName: string;
      password: string;
      timeZone: string;
    };
    receiver: { url: string; origin: string };
  }
}
