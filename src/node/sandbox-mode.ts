/**
 * Sandbox mode: with no provider configured, `npm start` runs each kind's local sandbox on
 * loopback and configures the kind's default instance against it, so the gateway answers
 * real requests out of the box. node.ts loads this module only then.
 */
import { PROVIDER_KINDS, SANDBOXES } from '../../providers/index.ts';

export interface Sandboxes {
  /** Variables that point the gateway's instances at the sandboxes. */
  env: Record<string, string>;
  /** Lines describing what is running, for the start banner. */
  describe: string[];
  /** Example requests that work against the seeded data. */
  examples: Array<{ method: string; path: string; body?: string; stream?: boolean }>;
  close(): Promise<void>;
}

export async function startSandboxes(): Promise<Sandboxes> {
  const running = await Promise.all(
    PROVIDER_KINDS.map(async (kind) => {
      const load = SANDBOXES[kind.kind];
      if (!load) return null;
      const sandbox = await (await load()).sandboxMode();
      const env = Object.entries(sandbox.variables).map(
        ([suffix, value]) => [`${kind.defaultPrefix}_${suffix}`, value] as const,
      );
      return { ...sandbox, env };
    }),
  );
  const sandboxes = running.filter((sandbox) => sandbox !== null);
  return {
    env: Object.fromEntries(sandboxes.flatMap((sandbox) => sandbox.env)),
    describe: sandboxes.map((sandbox) => sandbox.describe),
    examples: sandboxes.flatMap((sandbox) => sandbox.examples),
    close: async () => {
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
    },
  };
}
