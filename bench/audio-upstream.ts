/**
 * The Verba sandbox of the audio benchmark, in its own process: one finished call with a
 * recording of LONG_CALL_SECONDS, and BULK_CALLS more for SearchCalls. Prints how to reach
 * it, with a fixed token, as one JSON line.
 */
import { startVerbaSandbox } from '../providers/verba/sandbox/index.ts';

const verba = await startVerbaSandbox({
  longCallSeconds: Number(process.env.LONG_CALL_SECONDS ?? 13_108),
  bulkCalls: Number(process.env.BULK_CALLS ?? 0),
});
const answer = await fetch(`${verba.apiUrl}?action=RequestToken&apiKey=${verba.options.apiKey}`, {
  headers: {
    authorization: `Basic ${Buffer.from(`${verba.options.userName}:${verba.options.password}`).toString('base64')}`,
  },
});
const token = /token="([^"]+)"/.exec(await answer.text())?.[1];
if (!token) throw new Error('the Verba sandbox gave no token');
process.stdout.write(
  `${JSON.stringify({ apiUrl: verba.apiUrl, origin: verba.origin, apiKey: verba.options.apiKey, token })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
