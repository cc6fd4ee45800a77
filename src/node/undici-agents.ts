import { Agent } from 'undici';

/**
 * undici's Agents by connect timeout: in undici that timeout is an Agent setting, so one
 * Agent per distinct value (instances almost always share the default).
 */
export function agentsByConnectTimeout(options: {
  /** Sockets per origin; null: as many as requests need. */
  connections: number | null;
  keepAliveTimeout: number;
}) {
  const agents = new Map<number, Agent>();
  return {
    agentFor(connectTimeoutMs: number): Agent {
      let agent = agents.get(connectTimeoutMs);
      if (!agent) {
        agent = new Agent({ ...options, connect: { timeout: connectTimeoutMs } });
        agents.set(connectTimeoutMs, agent);
      }
      return agent;
    },
    all: (): Agent[] => [...agents.values()],
  };
}
