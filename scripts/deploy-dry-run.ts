/**
 * `npm run deploy:check`, part of `npm test`: `wrangler deploy --dry-run` builds the Worker
 * as a deploy would (the [build] step, the bundle, the bindings, the static assets) without
 * uploading anything. It then reports the script's size, fails above the budget, and checks
 * that Swagger UI ships as static assets rather than inside the script, and that no Node-only
 * telemetry (prom-client, the OpenTelemetry SDK) is in it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DOCS_ASSET_FILES } from '../src/routes/docs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The issue's target for the script alone, Swagger UI excluded: 300 KB gzipped. */
const BUDGET_GZIP_BYTES = 300_000;
const ASSETS = join(ROOT, 'dist/assets/docs/assets');
const REPORT = join(ROOT, 'test-results/deploy/dry-run.json');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function fail(message: string): never {
  process.stderr.write(`deploy dry run: ${message}\n`);
  process.exit(1);
}

/** Bytes per package (or per top folder of this repository) in the script. */
function contributors(meta: Metafile): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/')[0] ?? file;
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const outdir = mkdtempSync(join(tmpdir(), 'callgate-dry-run-'));
try {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
      'deploy',
      '--dry-run',
      '--outdir',
      outdir,
      '--metafile',
      join(outdir, 'meta.json'),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        // The [build] step runs `node scripts/….ts`: this Node, not whatever is first on PATH.
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        WRANGLER_SEND_METRICS: 'false',
        NO_COLOR: '1',
      },
      maxBuffer: 16 << 20,
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) fail(`wrangler exited with ${result.status}:\n${output}`);
  if (!output.includes('--dry-run: exiting now.')) fail(`wrangler did not finish:\n${output}`);

  // Named after wrangler.toml's `main` (src/worker/index.ts → index.js).
  const script = readFileSync(join(outdir, 'index.js'));
  const gzipped = gzipSync(script, { level: 9 }).byteLength;
  // What wrangler itself reports, which is what Cloudflare's size limit is measured on.
  const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  const reportedGzip = reported ? Math.round(Number(reported[2]) * 1024) : gzipped;

  const assets = DOCS_ASSET_FILES.map((file) => {
    try {
      return { file, bytes: statSync(join(ASSETS, file)).size };
    } catch {
      return fail(`static asset ${file} is missing from dist/assets: did the [build] step run?`);
    }
  });
  const meta = JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8')) as Metafile;
  const inputs = contributors(meta);
  if (inputs.some(([name]) => name === 'swagger-ui-dist'))
    fail('swagger-ui-dist is bundled into the Worker script; it belongs in the static assets');
  // The Worker records metrics in Analytics Engine and leaves traces to Cloudflare.
  const nodeOnly = inputs.filter(
    ([name]) => name === 'prom-client' || name.startsWith('@opentelemetry/'),
  );
  if (nodeOnly.length > 0)
    fail(
      `Node-only telemetry is bundled into the Worker script: ${nodeOnly.map(([n]) => n).join(', ')}`,
    );
  const top = inputs.slice(0, 6);
  const summary = {
    scriptBytes: script.byteLength,
    scriptGzipBytes: reportedGzip,
    budgetGzipBytes: BUDGET_GZIP_BYTES,
    assets,
    assetBytes: assets.reduce((sum, a) => sum + a.bytes, 0),
    largestInputs: Object.fromEntries(top),
  };
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(summary, null, 2)}\n`);

  process.stdout.write(
    [
      `Worker script: ${kib(script.byteLength)}, ${kib(reportedGzip)} gzipped (budget ${BUDGET_GZIP_BYTES / 1000} KB)`,
      `Static assets (Swagger UI, not in the script): ${assets.length} files, ${kib(summary.assetBytes)}`,
      `Largest inputs: ${top.map(([name, bytes]) => `${name} ${kib(bytes)}`).join(', ')}`,
      '',
    ].join('\n'),
  );
  if (reportedGzip > BUDGET_GZIP_BYTES)
    fail(`the script is ${kib(reportedGzip)} gzipped, over the ${kib(BUDGET_GZIP_BYTES)} budget`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
