/**
 * Gateway API keys as the OpenAPI document declares them: one bearer scheme, and the scope
 * each operation needs. Routes state their scope with `security: requires('calls:read')`, so
 * the document, Swagger UI's Authorize dialog and the typed client all read it from the
 * route definitions.
 */

export const SCOPES = {
  'calls:read': 'Read calls, their provider UI links and the provider instances.',
  'calls:write': 'Keep calls and undo keeps, by id or by selector.',
  'calls:delete': 'Delete calls, by id or by selector.',
  'recordings:read': 'Listen: the audio of recordings and of calls going on.',
  'metrics:read': 'Scrape `/metrics` (Prometheus).',
  'webhooks:manage': 'Make, change and read its own webhook endpoints and their deliveries.',
} as const;

export type Scope = keyof typeof SCOPES;

export const SECURITY_SCHEME_NAME = 'apiKey';

export const SECURITY_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  description: [
    'A gateway API key, sent as `Authorization: Bearer <key>`. Each key grants scopes:',
    '',
    ...Object.entries(SCOPES).map(([scope, grants]) => `- \`${scope}\`: ${grants}`),
    '',
    'A key without the scope an operation lists is refused with 403; no key or an unknown key with 401.',
  ].join('\n'),
} as const;

export type SecurityRequirement = Array<Record<string, string[]>>;

/** The `security` of an operation that needs a key with `scope`. */
export function requires(scope: Scope): SecurityRequirement {
  return [{ [SECURITY_SCHEME_NAME]: [scope] }];
}

/** The `security` of an operation open to every caller (health probes carry no key). */
export const PUBLIC: SecurityRequirement = [];
