import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { AppEnv } from '../core/env.ts';
import { badRequest, type FieldIssue } from '../core/errors.ts';

/**
 * Every router is built here so that every one reports bad input the same way: a 400
 * problem naming each bad field (`path.id`, `query.status`, `body.extension`).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}

const TARGET_NAMES: Record<string, string> = {
  param: 'path',
  json: 'body',
  query: 'query',
  header: 'header',
};

export function validationError(error: ZodError, target: string) {
  const where = TARGET_NAMES[target] ?? target;
  const errors: FieldIssue[] = error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return badRequest(`Invalid ${fields}.`, errors);
}
