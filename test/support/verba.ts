import type { VerbaSandbox } from '../../providers/verba/sandbox/index.ts';

/** The variables that point a gateway's default Verba instance at a sandbox, as its own user. */
export function verbaEnv(sandbox: VerbaSandbox): Record<string, string> {
  return {
    VERBA_BASE_URL: sandbox.apiUrl,
    VERBA_API_KEY: sandbox.options.apiKey,
    VERBA_USERNAME: sandbox.options.userName,
    VERBA_PASSWORD: sandbox.options.password,
    VERBA_TIMEZONE: sandbox.options.timeZone,
  };
}
