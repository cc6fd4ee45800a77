import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the reliability tests leave their figures; bench/reliability-report.ts prints them. */
export const RELIABILITY_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../test-results/reliability',
);

export function writeReliabilityReport(name: string, data: unknown): void {
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  writeFileSync(join(RELIABILITY_DIR, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
}
