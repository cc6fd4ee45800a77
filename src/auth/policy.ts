/**
 * What each route requires, read from the route definitions themselves (their OpenAPI
 * `security`), so the document and the enforcement cannot disagree. A route declared with
 * `security: []` is open; one naming scopes needs a key holding all of them. Anything
 * else — a route without a declaration, or no route at all — needs a valid key: a route
 * added without thinking about access fails closed.
 */
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MatchedRoute } from '../core/env.ts';
import { SCOPES, type Scope } from '../schemas/security.ts';

export interface RoutePolicy {
  operationId: string | null;
  /** Null: open to every caller. Empty: any valid key. */
  scopes: readonly Scope[] | null;
  /** Keeps, unmarks and deletes: these leave an audit line. */
  write: boolean;
  /** Audio: every request leaves an audit line too, once its stream has ended. */
  listen: boolean;
  /** The route's path and JSON body schemas, for what an audit line says it was asked. */
  request?: RequestSchemas;
}

export interface RequestSchemas {
  params?: z.ZodType;
  body?: z.ZodType;
}

const WRITE_SCOPES: ReadonlySet<Scope> = new Set(['calls:write', 'calls:delete']);
const KEY_REQUIRED: RoutePolicy = { operationId: null, scopes: [], write: false, listen: false };
const OPEN: RoutePolicy = { operationId: null, scopes: null, write: false, listen: false };

export class RoutePolicies {
  private readonly byRoute = new Map<string, RoutePolicy>();
  private readonly byMatched = new WeakMap<object, RoutePolicy>();
  private readonly openPrefixes: readonly string[];

  /** `openPrefixes`: plain (non-OpenAPI) routes served to anyone, such as the docs. */
  constructor(openPrefixes: readonly string[]) {
    this.openPrefixes = openPrefixes;
  }

  /** Reads every operation registered on an app; call after all routers are mounted. */
  load(definitions: OpenAPIHono['openAPIRegistry']['definitions']): void {
    for (const definition of definitions) {
      if (definition.type !== 'route') continue;
      const { method, path, security, operationId, request } = definition.route;
      const key = `${method.toUpperCase()} ${path.replaceAll(/\{([^}]+)\}/g, ':$1')}`;
      const policy = policyOf(operationId ?? null, security);
      const params = request?.params as z.ZodType | undefined;
      const media = request?.body?.content['application/json'];
      const body = media && 'schema' in media ? (media.schema as z.ZodType) : undefined;
      this.byRoute.set(key, { ...policy, request: { params, body } });
    }
  }

  /** The policy of the route that takes a request; a valid key is needed where none does. */
  of(route: MatchedRoute | null): RoutePolicy {
    if (!route) return KEY_REQUIRED;
    // Hono keeps one object per registered route: its policy is worked out once.
    let policy = this.byMatched.get(route);
    if (!policy) {
      policy = this.policyOf(route.method, route.path);
      this.byMatched.set(route, policy);
    }
    return policy;
  }

  private policyOf(method: string, path: string): RoutePolicy {
    const declared = this.byRoute.get(`${method} ${path}`);
    if (declared) return declared;
    const open = this.openPrefixes.some(
      (prefix) => path === prefix || path.startsWith(`${prefix}/`),
    );
    return open && (method === 'GET' || method === 'HEAD') ? OPEN : KEY_REQUIRED;
  }
}

function policyOf(
  operationId: string | null,
  security: ReadonlyArray<Record<string, string[]>> | undefined,
): RoutePolicy {
  if (security === undefined) return { ...KEY_REQUIRED, operationId };
  if (security.length === 0) return { ...OPEN, operationId };
  const scopes = new Set<Scope>();
  // One requirement object is all this gateway declares; its scopes are all needed.
  for (const requirement of security)
    for (const list of Object.values(requirement))
      for (const scope of list) if (scope in SCOPES) scopes.add(scope as Scope);
  return {
    operationId,
    scopes: [...scopes],
    write: [...scopes].some((scope) => WRITE_SCOPES.has(scope)),
    listen: scopes.has('recordings:read'),
  };
}
