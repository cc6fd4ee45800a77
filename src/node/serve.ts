/**
 * The gateway's Node HTTP server with its limits on what a client may hold (server-limits.ts):
 * `npm start` and the tests listen through here alike.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from '../core/logger.ts';
import type { ServerLimits } from '../http/server-limits.ts';
import { answerClientErrors } from './client-errors.ts';

export interface ServeOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  limits: ServerLimits;
  /** Where the refusals Node's parser makes before the app sees a request are logged. */
  logger: Logger;
}

export function serveGateway(options: ServeOptions, onListening?: (info: AddressInfo) => void) {
  const { limits } = options;
  // Without `createServer`, serve() builds a node:http Server.
  const server = serve(
    {
      fetch: options.fetch,
      port: options.port,
      hostname: options.hostname,
      serverOptions: {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // Node checks the two timeouts above only this often (30 s unless told): often
        // enough that a limit holds to within a second, or a quarter of a shorter one.
        connectionsCheckingInterval: Math.max(
          50,
          Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)),
        ),
      },
    },
    onListening,
  ) as Server;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  answerClientErrors(server, options.logger);
  return server;
}
