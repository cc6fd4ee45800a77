/**
 * What a client may hold on the Node server: connections that send nothing or half a
 * request, a body that trickles in, an idle kept-alive connection, and more connections
 * than the cap. Short limits keep most of this quick; one case runs at the defaults and
 * leaves its figures in test-results/reliability/server-limits.json for bench/README.md.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { SERVER_LIMIT_DEFAULTS } from '../../src/http/server-limits.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;
const gateways: RunningGateway[] = [];
const sockets: Socket[] = [];
const report: Record<string, unknown> = { ...SERVER_LIMIT_DEFAULTS };

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});
afterAll(async () => {
  writeReliabilityReport('server-limits', report);
  await sandbox?.close();
});

const start = async (env: Record<string, string> = {}) => {
  const gateway = await startGateway({ ...verbaEnv(sandbox), ...env }, { name: 'server-limits' });
  gateways.push(gateway);
  return gateway;
};

const SHORT = {
  HTTP_HEADERS_TIMEOUT_MS: '400',
  HTTP_REQUEST_TIMEOUT_MS: '800',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
};

interface Client {
  socket: Socket;
  /** Everything the server sent. */
  received: () => string;
  /** Milliseconds from connecting to the server closing the connection; null while open. */
  closedAfter: () => number | null;
  connected: Promise<void>;
  closed: Promise<number>;
}

/** A raw TCP client, so the test decides exactly what is sent and when. */
function open(url: string): Client {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let received = '';
  let closedAfter: number | null = null;
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => {
      closedAfter = performance.now() - started;
      resolve(closedAfter);
    }),
  );
  const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  return { socket, received: () => received, closedAfter: () => closedAfter, connected, closed };
}

/** Resolves to the time the connection took to close, or null if still open after `ms`. */
const closedWithin = (client: Client, ms: number) =>
  Promise.race([
    client.closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ]);

/** A keep from a valid key whose body comes one byte every `everyMs`, for as long as allowed. */
async function trickle(url: string, everyMs: number): Promise<Client> {
  const client = open(url);
  await client.connected;
  client.socket.write(
    [
      'POST /providers/verba/keep HTTP/1.1',
      'host: x',
      `authorization: Bearer ${TEST_KEYS.all}`,
      'content-type: application/json',
      'content-length: 1024',
      '',
      '{"extension":',
    ].join('\r\n'),
  );
  const timer = setInterval(() => {
    if (client.socket.destroyed) clearInterval(timer);
    else client.socket.write(' ');
  }, everyMs);
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Node server', () => {
  it('closes a connection that sends nothing, with a 408, after the headers timeout', async () => {
    const g = await start(SHORT);
    const silent = open(g.url);
    const half = open(g.url);
    await half.connected;
    half.socket.write(`GET /healthz HTTP/1.1\r\nhost: x\r\n`);
    expect(await closedWithin(silent, 3_000)).not.toBeNull();
    expect(await closedWithin(half, 3_000)).not.toBeNull();
    expect(silent.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(half.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cuts a valid key's request whose body trickles in, after the request timeout", async () => {
    const g = await start(SHORT);
    const slow = await trickle(g.url, 100);
    expect(await closedWithin(slow, 3_000)).not.toBeNull();
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    // The gateway still answers others.
    expect((await g.fetch('/healthz')).status).toBe(200);
  });

  it('closes a kept-alive connection left idle, after the keep-alive timeout', async () => {
    // Headers and request timeouts well past the wait, so only the keep-alive one can act.
    const g = await start({
      HTTP_HEADERS_TIMEOUT_MS: '10000',
      HTTP_REQUEST_TIMEOUT_MS: '10000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
    });
    const client = open(g.url);
    await client.connected;
    client.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(await closedWithin(client, 2_000)).not.toBeNull();
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('holds no more connections than its cap, and takes new ones when some go', async () => {
    const g = await start({ HTTP_MAX_CONNECTIONS: '5' });
    const held = Array.from({ length: 5 }, () => open(g.url));
    await Promise.all(held.map((c) => c.connected));
    await sleep(100);
    const extra = open(g.url);
    expect(await closedWithin(extra, 2_000)).not.toBeNull();
    expect(extra.received()).toBe('');
    for (const client of held) expect(client.closedAfter()).toBeNull();

    for (const client of held) client.socket.destroy();
    await sleep(100);
    const after = open(g.url);
    await after.connected;
    after.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    await closedWithin(after, 2_000);
    expect(after.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('counts connections that never send a byte against the cap, and frees their places at the headers timeout', async () => {
    const g = await start({ ...SHORT, HTTP_MAX_CONNECTIONS: '3' });
    // Clients that never write and never read: only the server can end these.
    const silent = Array.from({ length: 3 }, () => open(g.url));
    await Promise.all(silent.map((c) => c.connected));
    for (const client of silent) client.socket.pause();
    await sleep(100);
    const extra = open(g.url);
    expect(await closedWithin(extra, 2_000)).not.toBeNull();
    expect(extra.received()).toBe('');

    // Past the headers timeout (400 ms) and Node's check of it, the places are free again.
    await sleep(1_000);
    const after = open(g.url);
    await after.connected;
    after.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(await closedWithin(after, 2_000)).not.toBeNull();
    expect(after.received()).toMatch(/^HTTP\/1\.1 200 /);
    // Each silent client, once it reads, finds the 408 and the server's close.
    for (const client of silent) client.socket.resume();
    for (const client of silent) {
      expect(await closedWithin(client, 1_000)).not.toBeNull();
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    }
  });

  it('at the defaults: closes idle connections and refuses those over the cap', async () => {
    const g = await start();
    const cap = SERVER_LIMIT_DEFAULTS.maxConnections;
    const slow = await trickle(g.url, 1_000);
    const clients: Client[] = [];
    for (let i = 0; i < cap - 1 + 100; i++) {
      clients.push(open(g.url));
      // A pause now and then, so the listen backlog never overflows.
      if (i % 100 === 99) await Promise.all(clients.slice(-100).map((c) => c.connected));
    }
    await Promise.all(clients.map((c) => c.connected));
    // Those over the cap are closed as the server accepts them, which takes a moment.
    for (let waited = 0; waited < 5_000; waited += 100) {
      if (clients.filter((c) => c.closedAfter() !== null).length >= 100) break;
      await sleep(100);
    }
    await sleep(200);
    const refused = clients.filter((c) => c.closedAfter() !== null);
    expect(refused).toHaveLength(100);
    expect(refused.every((c) => c.received() === '')).toBe(true);

    const idle = clients.filter((c) => c.closedAfter() === null);
    const times = await Promise.all(idle.map((c) => closedWithin(c, 15_000)));
    expect(times.every((ms) => ms !== null)).toBe(true);
    expect(idle.every((c) => /^HTTP\/1\.1 408 /.test(c.received()))).toBe(true);
    const sorted = (times as number[]).sort((a, b) => a - b);
    const slowMs = await closedWithin(slow, 20_000);
    expect(slowMs).not.toBeNull();
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    report.slowBodyCutMs = Math.round(slowMs ?? 0);
    report.connectionsOpened = clients.length + 1;
    report.refusedOverCap = refused.length;
    report.idleClosedFirstMs = Math.round(sorted[0] ?? 0);
    report.idleClosedLastMs = Math.round(sorted.at(-1) ?? 0);
  }, 40_000);
});
