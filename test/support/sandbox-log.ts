/** The sandboxes' request logs, read over HTTP so Node and workerd tests use them alike. */
export interface SandboxRequest {
  method: string;
  action: string | null;
  params: Record<string, string>;
  authorization: boolean;
}

export async function sandboxRequests(origin: string): Promise<SandboxRequest[]> {
  const response = await fetch(`${origin}/__sandbox/requests`);
  return (await response.json()) as SandboxRequest[];
}

export async function resetSandbox(origin: string): Promise<void> {
  await fetch(`${origin}/__sandbox/reset`, { method: 'POST' });
}

export async function expireSandboxTokens(origin: string): Promise<void> {
  await fetch(`${origin}/__sandbox/expire-tokens`, { method: 'POST' });
}
