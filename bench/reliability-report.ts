/**
 * Prints the reliability figures the tests measured (test-results/reliability/*.json) as the
 * Markdown of bench/README.md's Reliability section. Run after `npm test`:
 * `node bench/reliability-report.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELIABILITY_DIR } from '../test/support/reliability-report.ts';

// biome-ignore lint/suspicious/noExplicitAny: the reports are plain JSON written by the tests.
type Json = any;

function read(name: string): Json {
  const file = join(RELIABILITY_DIR, `${name}.json`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm test first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const fuzz = read('fuzz');
const faults: Json[] = read('faults');
const breaker = read('breaker');
const logs = read('logs');
const readiness = read('readiness');
const idempotency = { ...read('idempotency'), ...read('idempotency-flood') };
const server = read('server-limits');
const deadline = read('deadline');
const echoes: Json[] = read('credential-echo');
const auditTargets: Json[] = read('audit-targets');
const cursors = read('cursors');
const clientErrors: Json[] = read('node-client-errors');

const lines: string[] = [];
const out = (line = '') => lines.push(line);

out('### Fuzzing');
out();
out(
  `${fuzz.cases} generated requests over the nine routes and arbitrary paths; ${fuzz.failures} failures, ${fuzz.crashes} crashes, ${fuzz.upstreamRequests} upstream requests checked against the validated input (none differed).`,
);
out();
out('| answer | cases |');
out('| --- | ---: |');
for (const [status, count] of Object.entries(fuzz.byStatus)) out(`| ${status} | ${count} |`);
out();
const cases = faults.filter((f) => f.status !== undefined);
const count = (provider: string) => cases.filter((f) => f.provider === provider).length;
out('### Faults injected');
out();
out(
  `${cases.length} fault cases (Verba ${count('verba')}, CallFire ${count('callfire')}), each injected by the sandbox and answered as below; "asked" is how many times the provider received the faulted request (retries included).`,
);
out();
out('| provider | fault | request | answer | asked | time (ms) |');
out('| --- | --- | --- | --- | ---: | ---: |');
for (const f of cases) {
  const answer = [
    f.status,
    f.code ? `\`${f.code}\`` : '',
    f.outcome ? `outcome ${f.outcome}` : '',
    f.retryAfter ? `Retry-After ${f.retryAfter}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  // Escaped, or Markdown reads `__proto__` as emphasis.
  const fault = String(f.fault).replaceAll('_', '\\_');
  out(`| ${f.provider} | ${fault} | ${f.request} | ${answer} | ${f.attempts}× | ${f.ms} |`);
}
out();
out(
  "A rejected Verba token is renewed once and the request sent again (Verba refused it before doing anything, so even a keep may be repeated): 200 after two attempts. A 503 whose `Retry-After` is longer than the longest wait (2 s) or than what is left of the read's deadline is passed on to the caller at once, with the provider's `Retry-After`.",
);
const memory = faults.find((f) => f.rssGrowthMiB !== undefined);
if (memory) {
  out();
  out(
    `Five 50 MiB answers in a row: the sandbox managed to send at most ${memory.bytesSentMaxMiB} MiB of each before the gateway hung up at its 1 MiB cap; the process grew ${memory.rssGrowthMiB} MiB.`,
  );
}
out();
out('### Circuit breaker (defaults)');
out();
out(
  `Threshold ${breaker.failureThreshold} consecutive failed attempts, cooldown ${breaker.cooldownMs / 1000} s, ${breaker.retries} retries per read. With Verba answering 503, it opened on attempt ${breaker.failedAttemptsBeforeOpen}, during read ${breaker.requestsUntilOpen} (${breaker.openedAfterMs} ms after the first failure, retries' backoff included). While open, ${breaker.refusedWhileOpen} requests were refused without reaching Verba: median ${breaker.refusalMedianMs} ms, slowest ${breaker.refusalMaxMs} ms. It half-opened after ${breaker.halfOpenAfterMs / 1000} s (fake clock); a failed probe reopened it for a full cooldown; the next successful probe (${breaker.probeMs} ms) closed it.`,
);
out();
out('### What a caller can cost');
out();
const seconds = (ms: number) => (ms / 1000).toFixed(1);
out(
  `Readiness: ${readiness.requests} unauthenticated \`/readyz\` calls (half at once, half in turn) reached Verba ${readiness.providerRequests} times: ${readiness.probes} probe and the token it needed (each instance is probed at most every ${seconds(readiness.intervalMs)} s). With every probe answered 429, ${readiness.refusedProbes} probes in a row left the breaker ${readiness.breakerAfterRefusedProbes} and reads answering 200: a probe is one attempt outside the breaker.`,
);
out();
out(
  `Idempotency records: at most ${idempotency.maxEntriesPerKey} per API key, each holding a status, a content type and a body of at most ${idempotency.maxStoredBody / 1024} KiB. A keep's record takes ${idempotency.typicalRecordBytes} bytes of SQLite (node:sqlite, as on Node) and the largest allowed ${idempotency.largestRecordBytes}, so a key's full set of records is ${idempotency.fullKeyTypicalMiB} to ${idempotency.fullKeyLargestMiB} MiB. ${idempotency.malformedWrites} malformed writes with fresh keys left ${idempotency.recordsKeptForMalformed} records; after another key's ${idempotency.otherKeyWrites} writes (with a bound of ${idempotency.boundPerKey} per key), a key's record was still replayed without a second call to Verba.`,
);
out();
out(
  `Connections (Node, default limits): of ${server.connectionsOpened} connections that sent nothing, ${server.refusedOverCap} were closed at once over the cap of ${server.maxConnections}; the others were answered 408 and closed after ${seconds(server.idleClosedFirstMs)} to ${seconds(server.idleClosedLastMs)} s (headers timeout ${seconds(server.headersTimeoutMs)} s, checked every second). A valid key's keep whose body came one byte a second was cut with a 408 after ${seconds(server.slowBodyCutMs)} s (request timeout ${seconds(server.requestTimeoutMs)} s).`,
);
out();
out(
  `Deadline: with \`VERBA_TIMEOUT_MS=${deadline.timeoutMs}\`, a find whose token was rejected, and whose renewal and two steps each took ${seconds(deadline.stepMs)} s, was answered 504 after ${seconds(deadline.answerMs)} s; the same exchanges take ${seconds(deadline.unboundedMs)} s when each has the whole timeout to itself.`,
);
out();
out('### Secrets');
out();
out(
  `${logs.linesScanned} log lines written by the gateway during the whole suite were scanned for the sandboxes' credentials, the gateway's test API keys, unredacted credential parameters and Basic/Bearer headers: ${logs.leaks} found. Every fault answer above was checked for the same secrets: none.`,
);

out();
out('### Hardening');
out();
out(
  'What an adversarial review of the running gateway found, each fixed and measured again by the tests:',
);
out();
const forms = [...new Set(echoes.map((e) => e.form))];
out(
  `- **Credentials in provider text.** ${echoes.length} provider errors quoting the request back (${forms.length} forms: ${forms.join(', ')}; Verba reads and keeps, CallFire reads): none reached the caller with a credential in any form, and the text of each was withheld whole (${echoes.filter((e) => e.withheld).length} of ${echoes.length}).`,
);
const named = auditTargets.filter((t) => t.target !== null && t.target !== undefined);
out(
  `- **Audit target of a refused write.** ${auditTargets.map((t) => t.refusal).join('; ')}: the audit line named the target in ${named.length} of ${auditTargets.length}; what no route would accept is logged as \`[malformed]\`.`,
);
const fault = (name: string) => faults.find((f) => f.fault === name) ?? {};
const hugeHint = fault('HTTP 429, Retry-After of 10 digits');
out(
  `- **Huge \`Retry-After\`.** A 429 with a Retry-After of 10 digits: ${hugeHint.attempts} attempt (three, 0.2 s apart, before), answered ${hugeHint.status} with Retry-After ${hugeHint.retryAfter} in ${hugeHint.ms} ms.`,
);
out(
  `- **Forged CallFire cursors.** Cursors carry an HMAC-SHA-256 keyed with the instance's cursor key (\`<PREFIX>_CURSOR_KEY\`, or a random key kept in the state) over the instance, offset and filters: ${cursors.refused} forged or altered cursors refused with a 400 naming \`query.cursor\` (the unkeyed form of old, another offset, other filters, another instance, another key, a MAC changed in bits base64 ignores); another gateway's cursor is accepted when it holds the same key, refused otherwise, on Node and in workerd.`,
);
const deep = fault('100 000 nested elements');
const script = fault('unclosed script element');
const keep500 = fault('HTTP 500 (keep)');
out(
  `- **Smaller.** Node's own refusals are problems: ${clientErrors.map((e) => `${e.case} → ${e.status} \`${e.code}\``).join(', ')}. 100 000 nested elements: ${deep.status} in ${deep.ms} ms, refused by the depth bound before the parser recursed ("elements nest deeper than 16", no stack overflow); an unclosed \`<script>\`, which looped the parser forever, ${script.status} in ${script.ms} ms. An HTML 500 answering a keep: ${keep500.status}, outcome ${keep500.outcome}. A Verba find given a cursor, and \`limit\` as \`0x10\`, \`1e2\`, \`16.0\`, \`+16\` or \` 16\`: 400 naming the field, on Node and in workerd.`,
);

process.stdout.write(`${lines.join('\n')}\n`);
