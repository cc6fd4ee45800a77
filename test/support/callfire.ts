import type { CallFireSandbox } from '../../providers/callfire/sandbox/index.ts';

/**
 * Calls of one large CallFire campaign seeded in the test sandboxes: more than two pages of
 * 1000, so paging at CallFire's largest page size is exercised end to end.
 */
export const CALLFIRE_BULK_CALLS = 2150;

/** CALLFIRE_CURSOR_KEY of the test gateways: every gateway a test starts shares it, as a fleet would. */
export const CALLFIRE_TEST_CURSOR_KEY = 'test-callfire-cursor-key-4c1d8e2a9b7f3a6d';

/** The variables that point a gateway's default CallFire instance at a sandbox, with the fleet's cursor key. */
export function callfireEnv(sandbox: CallFireSandbox): Record<string, string> {
  return {
    CALLFIRE_BASE_URL: sandbox.apiUrl,
    CALLFIRE_USERNAME: sandbox.options.userName,
    CALLFIRE_PASSWORD: sandbox.options.password,
    CALLFIRE_CURSOR_KEY: CALLFIRE_TEST_CURSOR_KEY,
  };
}
