/**
 * The Worker script's size, from the project's own dry-run deploy (`npm run deploy:check`,
 * scripts/deploy-dry-run.ts): what `wrangler deploy --dry-run` would upload, Swagger UI
 * excluded (it ships as static assets).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export async function workerBundleSize(root: string): Promise<{ rawKiB: number; gzipKiB: number }> {
  await promisify(execFile)(process.execPath, [join(root, 'scripts/deploy-dry-run.ts')], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  const report = JSON.parse(
    readFileSync(join(root, 'test-results/deploy/dry-run.json'), 'utf8'),
  ) as { scriptBytes: number; scriptGzipBytes: number };
  return { rawKiB: report.scriptBytes / 1024, gzipKiB: report.scriptGzipBytes / 1024 };
}
