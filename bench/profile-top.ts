/**
 * Where a V8 CPU profile (`node --cpu-prof`) spent its self time: by frame, as lines such as
 * `12.3% parse node_modules/txml/dist/txml.mjs:1`, and by file (a package counts as one
 * file per source file; native frames as what V8 calls them). Idle time is left out.
 * Run alone: `node bench/profile-top.ts FILE [COUNT]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const shortUrl = (url: string) =>
  url.replace(/^.*?\/(node_modules|src|providers)\//, '$1/').replace(/^node:/, 'node:');

function selfTimes(file: string, keyOf: (node: ProfileNode) => string): string[][] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const key = keyOf(node);
    selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...selfTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, time]) => [`${((time / total) * 100).toFixed(1)}%`, key]);
}

export function topFrames(file: string, count: number): string[] {
  return selfTimes(file, ({ callFrame: { functionName, url, lineNumber } }) => {
    const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'}${where}`;
  })
    .slice(0, count)
    .map(([share, key]) => `${share} ${key}`);
}

/** Self time by source file; frames without one (native, GC, program) by their name. */
export function topFiles(file: string, count: number): string[] {
  return selfTimes(file, ({ callFrame: { functionName, url } }) =>
    url ? shortUrl(url) : `(native) ${functionName || '(anonymous)'}`,
  )
    .slice(0, count)
    .map(([share, key]) => `${share} ${key}`);
}

/** The module a source file belongs to: a package, a folder of src/ or providers/, Node. */
function moduleOf(url: string): string {
  const short = shortUrl(url);
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short);
  if (pkg) return pkg[1] as string;
  const own = /^(src|providers)\/([^/]+)\//.exec(short);
  if (own) return `${own[1]}/${own[2]}/`;
  if (/^(src|providers)\/[^/]+$/.test(short)) return short;
  if (short.startsWith('node:')) return 'node: (built-in JS)';
  return short;
}

/** Self time by module (a package, a folder of the gateway's own, Node's built-ins, native). */
export function topModules(file: string, count: number): string[] {
  return selfTimes(file, ({ callFrame: { functionName, url } }) =>
    url ? moduleOf(url) : `(native) ${functionName || '(anonymous)'}`,
  )
    .slice(0, count)
    .map(([share, key]) => `${share} ${key}`);
}

if (import.meta.main) {
  const [file = '', count = '15'] = process.argv.slice(2);
  process.stdout.write('by function:\n');
  for (const line of topFrames(file, Number(count))) process.stdout.write(`  ${line}\n`);
  process.stdout.write('by file:\n');
  for (const line of topFiles(file, Number(count))) process.stdout.write(`  ${line}\n`);
  process.stdout.write('by module:\n');
  for (const line of topModules(file, Number(count))) process.stdout.write(`  ${line}\n`);
}
