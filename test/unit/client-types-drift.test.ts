import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_PATH, generateClientTypes } from '../../scripts/generate-client-types.ts';

describe('client/schema.ts', () => {
  it('is what openapi-typescript makes of openapi/openapi.json (run `npm run openapi`)', async () => {
    expect(readFileSync(CLIENT_TYPES_PATH, 'utf8')).toBe(await generateClientTypes());
  });
});
