/**
 * A collector stand-in for `npm run bench`: accepts OTLP/HTTP trace exports and counts the
 * spans, so the gateway under test pays for building and exporting them as it would with a
 * real collector. Prints `{"endpoint": …}` on stdout once listening; `GET /spans` tells how
 * many it received.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Each span of an OTLP/JSON export has one; its parent's is `parentSpanId`. */
const SPAN_ID = '"spanId":';
let spans = 0;
let exports = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/spans') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ spans, exports }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    // Counted without parsing: the sink shares the machine with the gateway under test, and
    // a collector's work is not the gateway's.
    const body = Buffer.concat(chunks);
    for (let at = body.indexOf(SPAN_ID); at >= 0; at = body.indexOf(SPAN_ID, at + 1)) spans += 1;
    exports += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`);
});
