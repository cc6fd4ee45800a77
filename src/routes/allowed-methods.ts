/**
 * Which methods a path has, read from the routes registered on the app (never a list kept
 * by hand), so that a request with a method its path lacks is a 405 naming the others
 * (RFC 9110 §15.5.6) and a path no route has is a 404.
 */

import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';

// Hono answers a HEAD with the GET route, so every GET path has HEAD too.
const IMPLIED: Readonly<Record<string, string>> = { GET: 'HEAD' };

export class AllowedMethods {
  private readonly routes: () => readonly RouterRoute[];
  private router: TrieRouter<string> | undefined;

  /** `routes`: the app's routes, read once at the first question (all routers are mounted). */
  constructor(routes: () => readonly RouterRoute[]) {
    this.routes = routes;
  }

  /** The methods `path` has, sorted; empty when no route has the path at all. */
  of(path: string): string[] {
    this.router ??= this.build();
    // Every route is added under ALL, its handler its own method: one match finds them all.
    const [matched] = this.router.match('GET', path);
    const methods = new Set<string>();
    for (const [method] of matched) {
      methods.add(method);
      const implied = IMPLIED[method];
      if (implied) methods.add(implied);
    }
    return [...methods].sort();
  }

  private build(): TrieRouter<string> {
    const router = new TrieRouter<string>();
    // Middleware is registered under ALL; it gives a path no method of its own.
    for (const route of this.routes())
      if (route.method !== 'ALL') router.add('ALL', route.path, route.method.toUpperCase());
    return router;
  }
}
