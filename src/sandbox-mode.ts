/**
 * Sandbox mode: with no provider configured, `npm start` runs each provider's local
 * sandbox on loopback and configures an instance against it, so the gateway answers real
 * requests out of the box.
 */
import { CALLFIRE_SAMPLE_CALLS, startCallFireSandbox } from '../providers/callfire/sandbox.ts';
import { startVerbaSandbox, VERBA_SAMPLE_CALLS } from '../providers/verba/sandbox.ts';

export interface Sandboxes {
  /** Variables that point the gateway's instances at the sandboxes. */
  env: Record<string, string>;
  /** Lines describing what is running, for the start banner. */
  describe: string[];
  /** Example paths that work against the seeded data. */
  examples: Array<{ method: string; path: string; body?: string }>;
  close(): Promise<void>;
}

export async function startSandboxes(): Promise<Sandboxes> {
  const verba = await startVerbaSandbox();
  const callfire = await startCallFireSandbox();
  return {
    env: {
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.options.apiKey,
      VERBA_USERNAME: verba.options.userName,
      VERBA_PASSWORD: verba.options.password,
      VERBA_TIMEZONE: verba.options.timeZone,
      CALLFIRE_BASE_URL: callfire.apiUrl,
      CALLFIRE_USERNAME: callfire.options.userName,
      CALLFIRE_PASSWORD: callfire.options.password,
      // One process, so a key of its own: cursors last as long as it runs.
      CALLFIRE_CURSOR_KEY: randomKey(),
    },
    describe: [`Verba sandbox: ${verba.apiUrl}`, `CallFire sandbox: ${callfire.apiUrl}`],
    examples: [
      { method: 'GET', path: `/calls/verba_${VERBA_SAMPLE_CALLS.finished}` },
      { method: 'GET', path: '/calls?provider=verba&extension=8856&status=ongoing' },
      { method: 'GET', path: `/calls/verba_${VERBA_SAMPLE_CALLS.finished}/recordings` },
      {
        method: 'GET',
        path: `/calls/verba_${VERBA_SAMPLE_CALLS.finished}/recordings/${VERBA_SAMPLE_CALLS.finished}/audio?format=mp3&start=0&end=30`,
      },
      {
        method: 'POST',
        path: '/providers/verba/keep',
        body: '{"extension":"8856","status":["ongoing","next"]}',
      },
      { method: 'GET', path: `/calls/callfire_${CALLFIRE_SAMPLE_CALLS.documented}` },
    ],
    close: async () => {
      await Promise.all([verba.close(), callfire.close()]);
    },
  };
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
