import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the pinned runtime', () => {
  it('is the Node 24 LTS that package.json pins (a runtime dependency), not the machine’s own', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.engines.node).toBe('>=24 <25');
    expect(pkg.dependencies.node).toMatch(/^\^24\./);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});
