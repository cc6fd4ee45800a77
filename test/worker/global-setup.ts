import type { TestProject } from 'vitest/node';
import { startVerbaSandbox } from '../../providers/verba/sandbox.ts';

/** Runs in Node: the sandbox the Worker under test (in workerd) talks to over loopback. */
export default async function setup(project: TestProject) {
  const verba = await startVerbaSandbox();
  project.provide('verba', { apiUrl: verba.apiUrl, origin: verba.origin, ...verba.options });
  return () => verba.close();
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
  }
}
