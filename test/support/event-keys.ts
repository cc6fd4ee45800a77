/** API keys for the events tests: two owners of webhook endpoints, and a reader. */
export const EVENT_KEYS = {
  a: 'cgk_test_hooks_a_1f2e3d4c5b6a',
  b: 'cgk_test_hooks_b_6a5b4c3d2e1f',
  reader: 'cgk_test_events_reader_0a1b2c',
} as const;

const ALL = ['calls:read', 'calls:write', 'calls:delete', 'recordings:read', 'webhooks:manage'];

export const EVENT_API_KEYS = JSON.stringify([
  { name: 'hooks-a', key: EVENT_KEYS.a, scopes: ALL },
  { name: 'hooks-b', key: EVENT_KEYS.b, scopes: ALL },
  { name: 'events-reader', key: EVENT_KEYS.reader, scopes: ['calls:read'] },
]);

export const as = (key: string, init: RequestInit = {}): RequestInit => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return { ...init, headers };
};

export const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
