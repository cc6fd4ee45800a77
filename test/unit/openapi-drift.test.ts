import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi, OPENAPI_PATH } from '../../openapi/generate.ts';

describe('openapi/openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing routes)', async () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(await generateOpenApi());
  });

  it('declares every operation with an id, tags and problem responses', async () => {
    const document = JSON.parse(await generateOpenApi());
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.values(item as object),
    );
    expect(operations.length).toBeGreaterThanOrEqual(11);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.tags?.length).toBeGreaterThan(0);
      for (const [status, response] of Object.entries<{ content?: Record<string, unknown> }>(
        operation.responses,
      )) {
        if (Number(status) >= 400 && operation.tags[0] !== 'health') {
          expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
        }
      }
    }
  });
});
