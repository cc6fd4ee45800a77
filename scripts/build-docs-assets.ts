/**
 * Copies the Swagger UI files the docs page loads into dist/assets/docs/assets/, where
 * Workers static assets serve them at the same paths the Node server does.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_ASSET_FILES } from '../src/routes/docs.ts';

const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const target = join(dirname(fileURLToPath(import.meta.url)), '../dist/assets/docs/assets');
mkdirSync(target, { recursive: true });
for (const file of DOCS_ASSET_FILES) copyFileSync(join(root, file), join(target, file));
console.log(`copied ${DOCS_ASSET_FILES.length} Swagger UI files to ${target}`);
