/**
 * The Worker's script size as `wrangler deploy --dry-run` builds it: the JavaScript wrangler
 * would upload, raw and gzipped. Swagger UI's files are static assets, not part of it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

export async function workerBundleSize(root: string): Promise<{ rawKiB: number; gzipKiB: number }> {
  const outdir = mkdtempSync(join(tmpdir(), 'callgate-bundle-'));
  try {
    await promisify(execFile)(
      process.execPath,
      [
        join(root, 'node_modules/wrangler/bin/wrangler.js'),
        'deploy',
        '--dry-run',
        '--outdir',
        outdir,
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          // wrangler's build step runs `node scripts/…ts`: this Node, not the system's.
          PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
          WRANGLER_SEND_METRICS: 'false',
        },
        maxBuffer: 16 << 20,
      },
    );
    let raw = 0;
    let gzip = 0;
    for (const file of readdirSync(outdir, { recursive: true }) as string[]) {
      if (!/\.(m?js|wasm)$/.test(file)) continue;
      const bytes = readFileSync(join(outdir, file));
      raw += bytes.byteLength;
      gzip += gzipSync(bytes, { level: 9 }).byteLength;
    }
    if (raw === 0) throw new Error('wrangler wrote no script');
    return { rawKiB: raw / 1024, gzipKiB: gzip / 1024 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
