/**
 * What every sandbox serves besides its provider's protocol, and how it listens: on
 * loopback, on the given port or any free one, with keep-alive like a real server, closed
 * with every connection it holds.
 *
 *   GET    /__sandbox/requests  what it was asked, credentials masked
 *   POST   /__sandbox/reset     seeded data back, log and faults cleared
 *   *      /__sandbox/faults    the fault schedule (faults.ts)
 *   *      /__sandbox/…         a sandbox's own controls (`control`)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultSchedule } from './faults.ts';
import { send } from './respond.ts';

export interface SandboxServerOptions {
  port?: number;
  faults: FaultSchedule;
  /** What `GET /__sandbox/requests` answers. */
  requests(): unknown;
  /** `POST /__sandbox/reset`; the kit clears the faults. */
  reset(): void;
  /** A sandbox's own controls under `/__sandbox/`: true when it answered the request. */
  control?(path: string, req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** Every request that is not a control one. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

export interface SandboxServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  close(): Promise<void>;
}

/** A running sandbox as `npm start` without providers uses it (src/node/sandbox-mode.ts). */
export interface RunningSandbox {
  /** Variables pointing the kind's default instance at it, by suffix (`BASE_URL`, …). */
  variables: Record<string, string>;
  /** One line for the start banner. */
  describe: string;
  /** Requests that work against its seeded data. */
  examples: Array<{ method: string; path: string; body?: string; stream?: boolean }>;
  close(): Promise<void>;
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const control = async (path: string, req: IncomingMessage, res: ServerResponse) => {
    if (path === '/__sandbox/requests' && req.method === 'GET')
      return send(res, 200, 'application/json', JSON.stringify(options.requests()));
    if (path === '/__sandbox/reset' && req.method === 'POST') {
      options.reset();
      options.faults.clear();
      return send(res, 204, 'text/plain', '');
    }
    if (await options.control?.(path, req, res)) return;
    return send(res, 404, 'text/plain', 'Not Found');
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (await options.faults.control(url.pathname, req, res)) return;
      if (url.pathname.startsWith('/__sandbox/')) return await control(url.pathname, req, res);
      await options.handle(req, res, url);
    } catch (error) {
      send(res, 500, 'text/plain', `sandbox failure: ${(error as Error).message}`);
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
