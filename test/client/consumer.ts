/**
 * @callgate/client as an app compiles it: with the app's own tsconfig (DOM, strict, no Node
 * types), through the package export. `npm run typecheck:client` fails when the generated
 * types stop describing the gateway, or when a misuse below stops being an error.
 */
import {
  type Call,
  type CallgateClient,
  createCallgateClient,
  isProblem,
  type Problem,
  type WriteResult,
} from '@callgate/client';

const callgate: CallgateClient = createCallgateClient({
  baseUrl: 'https://callgate.example.internal',
  apiKey: 'read-key',
});

export async function stateOf(id: string): Promise<Call['state'] | null> {
  const { data, error } = await callgate.GET('/calls/{id}', { params: { path: { id } } });
  if (error) {
    const problem: Problem = error;
    return problem.code === 'not_found' ? null : Promise.reject(problem);
  }
  // The nullable parts of a call are typed nullable.
  const caller: string | null = data.from?.number ?? null;
  void caller;
  return data.state;
}

export async function ongoingOn(extension: string): Promise<Call[]> {
  const { data } = await callgate.GET('/calls', {
    params: { query: { provider: 'verba', extension, status: 'ongoing' } },
  });
  return data?.items ?? [];
}

export async function keep(id: string): Promise<WriteResult['operation'] | undefined> {
  const { data } = await callgate.POST('/calls/{id}/keep', {
    params: { path: { id } },
    body: { type: 'manualRecord' },
  });
  return data?.operation;
}

export async function keepOngoing(extension: string) {
  const { data, error } = await callgate.POST('/providers/{instance}/keep', {
    params: { path: { instance: 'verba' } },
    body: { extension, status: ['ongoing', 'next'] },
  });
  return isProblem(error) ? error.detail : data?.selector;
}

export async function misuses(id: string) {
  // @ts-expect-error no such path
  await callgate.GET('/call/{id}', { params: { path: { id } } });
  // @ts-expect-error the id is required
  await callgate.GET('/calls/{id}', { params: { path: {} } });
  // @ts-expect-error provider is a required query parameter
  await callgate.GET('/calls', { params: { query: { extension: '8856' } } });
  // @ts-expect-error not a status the gateway knows
  await callgate.GET('/calls', { params: { query: { provider: 'verba', status: 'recent' } } });
  await callgate.POST('/calls/{id}/keep', {
    params: { path: { id } },
    // @ts-expect-error not a keep type
    body: { type: 'forever' },
  });
  // @ts-expect-error keep by selector needs a body
  await callgate.POST('/providers/{instance}/keep', { params: { path: { instance: 'verba' } } });
  // @ts-expect-error GET has no body
  await callgate.GET('/providers', { body: {} });
}
