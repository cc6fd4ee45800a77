import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsAssets } from '../routes/docs.ts';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
};

/** swagger-ui-dist's files from node_modules, read once and kept in memory. */
export function nodeDocsAssets(): DocsAssets {
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Promise<Uint8Array | null>>();
  return async (file) => {
    let bytes = cache.get(file);
    if (!bytes) {
      bytes = readFile(join(root, file)).then(
        (buffer) => new Uint8Array(buffer),
        () => null,
      );
      cache.set(file, bytes);
    }
    const body = await bytes;
    if (!body) return null;
    const type = TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    return new Response(body, {
      headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
    });
  };
}
