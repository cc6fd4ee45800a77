import type { IncomingMessage, ServerResponse } from 'node:http';

/** One whole answer; nothing once the answer has begun or the client has gone. */
export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
