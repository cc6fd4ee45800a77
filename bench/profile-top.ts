/**
 * The frames a V8 CPU profile (`node --cpu-prof`) spent most self time in, as lines such as
 * `12.3% parse node_modules/txml/dist/txml.mjs:1`. Run alone: `node bench/profile-top.ts F`.
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

export function topFrames(file: string, count: number): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? ` ${url.replace(/^.*?\/(node_modules|src|providers)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...selfTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, time]) => `${((time / total) * 100).toFixed(1)}% ${frame}`);
}

if (import.meta.main) {
  for (const line of topFrames(process.argv[2] ?? '', Number(process.argv[3] ?? 15))) {
    process.stdout.write(`${line}\n`);
  }
}
