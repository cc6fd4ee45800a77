/**
 * The health probes' one documented client error (`4XX` in the API document) is the HTTP
 * server's own refusal, before the gateway reads the request: this is it, on Node.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;
let gateway: RunningGateway;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
  gateway = await startGateway(verbaEnv(sandbox), { name: 'health-refusals' });
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

/** Sends `request` as it is and returns the status line of the answer. */
function statusLineOf(request: string): Promise<string> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

describe('GET /healthz and /readyz refused by the HTTP server', () => {
  for (const path of ['/healthz', '/readyz']) {
    it(`answers a well-formed ${path} with 200`, async () => {
      expect((await gateway.raw(path)).status).toBe(200);
    });

    it(`answers a malformed ${path} request with 400`, async () => {
      expect(await statusLineOf(`GET ${path} HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`)).toBe(
        'HTTP/1.1 400 Bad Request',
      );
    });

    it(`answers ${path} with headers over 16 KiB with 431`, async () => {
      const big = `X-Padding: ${'a'.repeat(17 * 1024)}\r\n`;
      expect(await statusLineOf(`GET ${path} HTTP/1.1\r\nHost: x\r\n${big}\r\n`)).toBe(
        'HTTP/1.1 431 Request Header Fields Too Large',
      );
    });
  }
});
