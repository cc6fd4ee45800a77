/**
 * A provider error that quotes the request back — its URL with apiKey and token, or its
 * Authorization header — in whatever form: the caller never gets the credentials, and
 * gets no provider text that carried them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CALLFIRE_SAMPLE_CALLS,
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { ECHO_FORMS } from '../../providers/sandbox/faults.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_TEST_CURSOR_KEY, callfireEnv } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';
import { injectFault, resetSandbox } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';

let verba: VerbaSandbox;
let callfire: CallFireSandbox;
let verbaGateway: RunningGateway;
let callfireGateway: RunningGateway;
const report: Array<{ provider: string; form: string; request: string; withheld: boolean }> = [];

beforeAll(async () => {
  verba = await startVerbaSandbox();
  callfire = await startCallFireSandbox();
  verbaGateway = await startGateway(
    { ...verbaEnv(verba), VERBA_BREAKER_FAILURES: '1000', CALL_CACHE: 'off' },
    { name: 'credential-echo' },
  );
  callfireGateway = await startGateway(
    {
      ...callfireEnv(callfire),
      CALLFIRE_BREAKER_FAILURES: '1000',
    },
    { name: 'credential-echo' },
  );
});
afterAll(async () => {
  writeReliabilityReport('credential-echo', report);
  await verbaGateway?.close();
  await callfireGateway?.close();
  await verba?.close();
  await callfire?.close();
});
beforeEach(async () => {
  await resetSandbox(verba.origin);
  await resetSandbox(callfire.origin);
});

/** A secret as a server might write it back, written independently of the gateway's check. */
function formsOf(secret: string): string[] {
  const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');
  const forms = [
    secret,
    secret.toUpperCase(),
    secret.toLowerCase(),
    encodeURIComponent(secret),
    encodeURIComponent(encodeURIComponent(secret)),
    [...secret].map((ch) => `&#x${hex(ch.charCodeAt(0), 2)};`).join(''),
    [...secret].map((ch) => `\\u${hex(ch.charCodeAt(0), 4)}`).join(''),
  ];
  return [...new Set(forms.flatMap((form) => [form, form.toLowerCase(), form.toUpperCase()]))];
}

async function expectNoCredential(response: Response, secrets: string[]) {
  const text = await response.text();
  expect(response.status, text).toBe(502);
  const problem = JSON.parse(text) as Record<string, string>;
  // Verba's text naming "apiKey" reads as its refusal of the key.
  expect(['provider_error', 'provider_auth_failed']).toContain(problem.code);
  const shown = `${problem.detail}\n${problem.providerMessage}`;
  for (const secret of secrets)
    for (const form of formsOf(secret)) expect(shown, form).not.toContain(form);
  // Not merely scrubbed: the provider's text that carried them is not passed on at all.
  expect(problem.providerMessage).toMatch(/^\[withheld/);
  expect(shown).not.toContain('Bad request');
  return problem;
}

describe('a Verba error quoting the request', () => {
  const secrets = () => [verba.options.apiKey, verba.options.userName, verba.options.password];
  for (const form of ECHO_FORMS) {
    it(`withholds it, quoted ${form}`, async () => {
      // A token first, so the echo quotes the token a read carries too.
      await verbaGateway.fetch(`/calls/verba_${FINISHED}`);
      await injectFault(verba.origin, { kind: 'echo', echo: form });
      const read = await verbaGateway.fetch(`/calls/verba_${FINISHED}`);
      await expectNoCredential(read, secrets());
      const keep = await verbaGateway.fetch(`/calls/verba_${ONGOING}/keep`, { method: 'POST' });
      await expectNoCredential(keep, secrets());
      report.push({ provider: 'verba', form, request: 'read, keep', withheld: true });
    });
  }

  it('passes a message that quotes no credential on unchanged', async () => {
    const response = await verbaGateway.fetch(`/calls/verba_${FINISHED.replace('a8', 'b8')}`);
    expect(response.status).toBe(404);
    const problem = (await response.json()) as { providerMessage: string };
    expect(problem.providerMessage).toMatch(/cannot be found/);
  });
});

describe('a CallFire error quoting the request', () => {
  const secrets = () => {
    const { userName, password } = callfire.options;
    return [userName, password, Buffer.from(`${userName}:${password}`).toString('base64')];
  };
  for (const form of ECHO_FORMS) {
    it(`withholds it, quoted ${form}`, async () => {
      await injectFault(callfire.origin, { kind: 'echo', echo: form, operations: ['GetCall'] });
      const read = await callfireGateway.fetch(
        `/calls/callfire_${CALLFIRE_SAMPLE_CALLS.documented}`,
      );
      await expectNoCredential(read, secrets());
      report.push({ provider: 'callfire', form, request: 'read', withheld: true });
    });
  }
});
