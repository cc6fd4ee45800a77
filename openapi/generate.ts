/**
 * Writes openapi/openapi.json from the route definitions: `npm run openapi`.
 * The test suite fails when the committed file differs from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { createGateway } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openSqliteState } from '../src/node/sqlite-state.ts';
import { createConsoleLogger } from '../src/worker/console-logger.ts';

export const OPENAPI_PATH = new URL('./openapi.json', import.meta.url);

/** The document as the code declares it, independent of any configured provider. */
export async function generateOpenApi(): Promise<string> {
  const state = openSqliteState({ path: null });
  const app = createGateway(loadConfig({ GATEWAY_AUTH: 'off' }), {
    http: () => Promise.reject(new Error('no upstream while generating the document')),
    logger: createConsoleLogger('silent'),
    state,
  });
  const response = await app.request('/openapi.json');
  await state.close();
  return `${JSON.stringify(await response.json(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_PATH, await generateOpenApi());
  console.log(`wrote ${OPENAPI_PATH.pathname}`);
}
