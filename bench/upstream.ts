/**
 * The upstreams, in a process of their own so their CPU is never counted as the gateway's:
 * the Verba and CallFire sandboxes, and a static server that answers one fixed body (the
 * cost of the cheapest possible upstream, which the cache is measured against).
 * Prints what the benchmark needs to reach them as one JSON line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CALLFIRE_SAMPLE_CALLS,
  startCallFireSandbox,
} from '../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, VERBA_SAMPLE_CALLS } from '../providers/verba/sandbox/index.ts';

const verba = await startVerbaSandbox();
const callfire = await startCallFireSandbox();

// A fixed token, as VERBA_TOKEN gives the gateway: the relay can then send the same URL.
const tokenAnswer = await fetch(
  `${verba.apiUrl}?action=RequestToken&apiKey=${verba.options.apiKey}`,
  {
    headers: {
      authorization: `Basic ${Buffer.from(`${verba.options.userName}:${verba.options.password}`).toString('base64')}`,
    },
  },
);
const token = /token="([^"]+)"/.exec(await tokenAnswer.text())?.[1];
if (!token) throw new Error('the Verba sandbox gave no token');

// The static answer is the Verba sandbox's own answer for the finished call, recorded once.
const recorded = await fetch(
  `${verba.apiUrl}?action=GetCallInformation&apiKey=${verba.options.apiKey}&token=${token}&responseType=XML&callID=${VERBA_SAMPLE_CALLS.finished}`,
);
const staticBody = Buffer.from(await recorded.text());
const staticServer = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'text/xml; charset=utf-8',
    'content-length': staticBody.byteLength,
  });
  res.end(staticBody);
});
staticServer.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => staticServer.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({
    verba: {
      apiUrl: verba.apiUrl,
      origin: verba.origin,
      apiKey: verba.options.apiKey,
      token,
      timeZone: verba.options.timeZone,
      finished: VERBA_SAMPLE_CALLS.finished,
    },
    callfire: {
      apiUrl: callfire.apiUrl,
      origin: callfire.origin,
      userName: callfire.options.userName,
      password: callfire.options.password,
      finished: CALLFIRE_SAMPLE_CALLS.documented,
    },
    static: `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/`,
  })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
