/**
 * The floor: a bare relay that does nothing but forward. node:http in front of undici
 * Pools with `request()`, no framework, no validation, no logging, no parsing. Each path it
 * knows maps to the upstream requests the gateway makes for the same path (a find makes two,
 * one after the other), so the two are compared on the same upstream work.
 *
 * Reads BENCH_RELAY_ROUTES (JSON: path -> [{ url, headers }]); prints its port on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relayRoutes } from './relay-routes.ts';

const routes = relayRoutes();

const server = createServer(async (req, res) => {
  const hops = routes.get(req.url ?? '');
  if (!hops) {
    res.writeHead(404).end();
    return;
  }
  try {
    let status = 502;
    let type = 'text/plain';
    let body: Buffer = Buffer.alloc(0);
    for (const hop of hops) {
      const answer = await hop.pool.request({
        method: 'GET',
        path: hop.path,
        ...(hop.headers ? { headers: hop.headers } : {}),
      });
      const chunks: Buffer[] = [];
      for await (const chunk of answer.body) chunks.push(chunk as Buffer);
      body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      status = answer.statusCode;
      type = String(answer.headers['content-type'] ?? type);
    }
    res.writeHead(status, { 'content-type': type, 'content-length': body.byteLength });
    res.end(body);
  } catch (error) {
    res.writeHead(502).end(String(error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
