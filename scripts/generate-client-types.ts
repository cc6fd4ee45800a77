/**
 * Writes client/schema.ts, the typed client's types, from openapi/openapi.json with
 * openapi-typescript: `npm run openapi` runs it after generating the document, and a test
 * fails when the committed file differs from what this produces.
 */
import { writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

export const OPENAPI_DOCUMENT = new URL('../openapi/openapi.json', import.meta.url);
export const CLIENT_TYPES_PATH = new URL('../client/schema.ts', import.meta.url);

const HEADER =
  '// Generated from openapi/openapi.json by scripts/generate-client-types.ts (`npm run openapi`): do not edit.\n\n';

export async function generateClientTypes(): Promise<string> {
  const ast = await openapiTS(OPENAPI_DOCUMENT, {
    // The document is linted by .redocly.yaml; this run only turns it into types.
    silent: true,
  });
  return `${HEADER}${astToString(ast)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(CLIENT_TYPES_PATH, await generateClientTypes());
  console.log(`wrote ${CLIENT_TYPES_PATH.pathname}`);
}
