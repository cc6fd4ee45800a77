/**
 * Requests Node's own HTTP parser refuses before the gateway sees them (headers too large,
 * a malformed request) are answered in the error model too: problem+json with a code and
 * a request id, and a log line that carries none of what was sent.
 */
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../../src/node/client-errors.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { captureLogs } from '../support/log-capture.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';

let gateway: RunningGateway;

beforeAll(async () => {
  // No provider: these requests never get as far as one.
  gateway = await startGateway({}, { name: 'node-client-errors' });
});
const answered: Array<{ case: string; status: number; code: string }> = [];
afterAll(async () => {
  writeReliabilityReport('node-client-errors', answered);
  await gateway?.close();
});

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Sends `request` as bytes and reads the whole answer, until the server closes. */
function sendRaw(request: string, url = gateway.url, end = true): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(port), host: hostname });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    if (end) socket.end(request);
    else socket.write(request);
  });
}

function expectProblem(answer: RawAnswer, status: number, code: string, name: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.headers.get('connection')).toBe('close');
  expect(Number(answer.headers.get('content-length'))).toBe(Buffer.byteLength(answer.body));
  const problem = JSON.parse(answer.body);
  expect(problem).toMatchObject({ status, code, type: `urn:callgate:problem:${code}` });
  expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.headers.get('x-request-id')).toBe(problem.requestId);
  answered.push({ case: name, status, code });
  return problem;
}

describe("Node's own refusals", () => {
  it('answer headers too large with a 431 problem, and log nothing that was sent', async () => {
    const answer = await sendRaw(
      'GET /providers HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${TEST_KEYS.all}\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`,
    );
    const problem = expectProblem(answer, 431, 'headers_too_large', '20 kB of headers');
    const lines = gateway.logs().filter((line) => line.requestId === problem.requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request refused by the HTTP parser', status: 431 });
    expect(JSON.stringify(lines)).not.toContain(TEST_KEYS.all);
    expect(JSON.stringify(lines)).not.toContain('ppppp');
  });

  it('answer a malformed request with a 400 problem', async () => {
    expectProblem(await sendRaw('HELLO THERE\r\n\r\n'), 400, 'bad_request', 'no request line');
    expectProblem(
      await sendRaw('GET /providers HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
      400,
      'bad_request',
      'a header without a colon',
    );
  });

  it('answer a request that takes too long to arrive with a 408 problem', async () => {
    // A server of its own: the gateway's request timeout is minutes long.
    const server = createServer({ requestTimeout: 200, connectionsCheckingInterval: 50 });
    answerClientErrors(server, captureLogs('node-client-errors').logger);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await sendRaw(
        'GET / HTTP/1.1\r\nHost: x\r\n',
        `http://127.0.0.1:${port}`,
        false,
      );
      expectProblem(answer, 408, 'request_timeout', 'headers never finished');
    } finally {
      server.close();
    }
  });

  it('answer a request that was well formed as before', async () => {
    const answer = await sendRaw('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});
