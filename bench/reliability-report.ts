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
out('### Secrets');
out();
out(
  `${logs.linesScanned} log lines written by the gateway during the whole suite were scanned for the sandboxes' credentials, the gateway's test API keys, unredacted credential parameters and Basic/Bearer headers: ${logs.leaks} found. Every fault answer above was checked for the same secrets: none.`,
);

process.stdout.write(`${lines.join('\n')}\n`);
