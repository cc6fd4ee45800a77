import { rmSync } from 'node:fs';
import { LOG_DIR } from './log-capture.ts';

/** Each run starts with no log lines, so test/logs scans only this run's. */
export default function setup() {
  rmSync(LOG_DIR, { recursive: true, force: true });
}
