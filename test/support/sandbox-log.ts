/** The sandboxes' request logs, read over HTTP so Node and workerd tests use them alike. */
export interface SandboxRequest {
  method: string;
  action: string | null;
  params: Record<string, string>;
  authorization: boolean;
  /** Streamed answers (audio, SearchCalls): bytes written, and whether the client left first. */
  bytes?: number;
  aborted?: boolean;
  traceparent: string | null;
  tracestate: string | null;
  /** The Range header the gateway sent, where it sent one (the Verba sandbox). */
  range?: string;
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

/** A sandbox fault (providers/sandbox/faults.ts), as JSON; kept loose so workerd needs no Node types. */
export interface FaultSpec {
  kind: string;
  status?: number;
  retryAfter?: string;
  delayMs?: number;
  hostile?: string;
  bytes?: number;
  times?: number;
  operations?: string[];
  /** For `echo`: how the request is quoted back (providers/sandbox/faults.ts ECHO_FORMS). */
  echo?: string;
  /** For `relabel`, `echo` and `drip`: the answer's Content-Type. */
  contentType?: string;
  /** For `status`: headers added to the answer. */
  headers?: Record<string, string>;
}

export async function injectFault(origin: string, fault: FaultSpec | FaultSpec[]): Promise<void> {
  const response = await fetch(`${origin}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (response.status !== 204) throw new Error(`fault refused: ${await response.text()}`);
}

export async function clearFaults(origin: string): Promise<void> {
  await fetch(`${origin}/__sandbox/faults`, { method: 'DELETE' });
}

export async function injectedFaults(origin: string): Promise<
  Array<{
    kind: string;
    hostile?: string;
    operation: string;
    bytesSent?: number;
    clientLeftAt?: number;
  }>
> {
  const response = await fetch(`${origin}/__sandbox/faults`);
  return ((await response.json()) as { injected: [] }).injected;
}
