/**
 * Fault mode for the sandboxes: a provider that misbehaves on demand, so tests can show
 * how the gateway answers each way a real one can fail. Node only, like the sandboxes.
 *
 * Faults are scheduled over HTTP (`POST /__sandbox/faults`, JSON: one fault or a list) and
 * apply to the next `times` requests (all of them when absent) whose operation is listed in
 * `operations` (every operation but the token request when absent): one request or a whole
 * scenario. `GET /__sandbox/faults` tells what was injected; `DELETE` clears the schedule.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send as write } from './respond.ts';

export const FAULT_KINDS = [
  /** Answer normally after `delayMs`. */
  'delay',
  /** Never answer; hold the connection open. */
  'hang',
  /** Drop the connection (TCP reset) without a byte of answer. */
  'reset',
  /** `status` (500, 503, 429…) with an HTML body and `retryAfter` when given. */
  'status',
  /** 200 with a body that is no document at all. */
  'garbage',
  /** 200 with the normal document cut in half (the HTTP framing is intact). */
  'truncated',
  /** 200 with a hostile document: see HOSTILE_KINDS. */
  'hostile',
  /** 200 with an HTML page, as a proxy or login portal would send. */
  'wrong-content-type',
  /** The provider's own "your token expired" answer; the token is dropped too. */
  'expired-token',
  /** Headers at once, then the normal body one byte every `delayMs`. */
  'drip',
  /** Headers and the first part of the answer (for audio, its first bytes), then silence. */
  'stall',
  /** The provider's own error, quoting what it received (credentials included): see ECHO_FORMS. */
  'echo',
  /** The normal answer, with `contentType` in place of its own Content-Type (media only). */
  'relabel',
  /** The normal answer gzip-encoded, with `Content-Encoding: gzip` (media only). */
  'gzip',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const HOSTILE_KINDS = [
  'billion-laughs',
  'external-entity',
  /** `bytes` (default 50 MiB) of well-formed padding, streamed without Content-Length. */
  'huge',
  'proto',
  'bad-utf8',
  'deep',
  /** An unclosed `<script>`, which sends a naive txml round in a loop. */
  'unclosed-script',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** How an `echo` fault quotes the request: the ways a server's error text may carry it. */
export const ECHO_FORMS = [
  'as-sent',
  'decoded',
  'upper-case',
  'percent-encoded-twice',
  'character-references',
  'json-escapes',
] as const;
export type EchoForm = (typeof ECHO_FORMS)[number];

export interface Fault {
  kind: FaultKind;
  echo?: EchoForm;
  status?: number;
  retryAfter?: string;
  delayMs?: number;
  hostile?: HostileKind;
  bytes?: number;
  times?: number;
  operations?: string[];
  /** The Content-Type of the answer (`relabel`, `echo`, `drip`), in place of its own. */
  contentType?: string;
  /** Headers added to a `status` answer (a 416's Content-Range). */
  headers?: Record<string, string>;
}

export interface InjectedFault {
  kind: FaultKind;
  hostile?: HostileKind;
  operation: string;
  /** For `huge`: what was written before the client went away. */
  bytesSent?: number;
  /** When the client closed the connection before the answer ended (ms since the epoch). */
  clientLeftAt?: number;
}

export interface Answer {
  status: number;
  type: string;
  body: string;
}

/**
 * What a sandbox knows about its own protocol, for the faults that mimic it: hostile
 * documents hide in what looks like one of the provider's answers.
 */
export interface FaultDialect {
  /** Root element of the provider's documents, as a DOCTYPE names it. */
  root: string;
  /** A successful answer around `payload`. */
  document(payload: string): string;
  /** A record of the provider's, holding `children` besides its own fields. */
  record(children: string): string;
  /** Operation name of the token request, spared unless a fault names it. */
  tokenOperation?: string;
  expiredToken(): Answer;
  /** The provider's own error answer carrying `message`. */
  error(message: string): Answer;
  /** What the request carried that a server might quote back: its URL and credentials. */
  received: string;
}

export class FaultSchedule {
  private pending: Fault[] = [];
  readonly injected: InjectedFault[] = [];
  private readonly tokenOperation: string | undefined;

  constructor(tokenOperation?: string) {
    this.tokenOperation = tokenOperation;
  }

  add(faults: Fault[]): void {
    this.pending.push(...faults.map((fault) => ({ ...fault })));
  }

  clear(): void {
    this.pending = [];
    this.injected.length = 0;
  }

  /** The fault for a request to `operation`, consuming one of its `times`. */
  take(operation: string): Fault | undefined {
    const index = this.pending.findIndex((fault) =>
      fault.operations ? fault.operations.includes(operation) : operation !== this.tokenOperation,
    );
    const fault = this.pending[index];
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.pending.splice(index, 1);
    }
    return fault;
  }

  /** `/__sandbox/faults`; false when `path` is something else. */
  async control(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (path !== '/__sandbox/faults') return false;
    if (req.method === 'GET') {
      write(
        res,
        200,
        'application/json',
        JSON.stringify({ pending: this.pending, injected: this.injected }),
      );
    } else if (req.method === 'DELETE') {
      this.clear();
      write(res, 204, 'text/plain', '');
    } else if (req.method === 'POST') {
      const parsed = JSON.parse(await readBody(req)) as Fault | Fault[];
      const faults = Array.isArray(parsed) ? parsed : [parsed];
      const unknown = faults.find((f) => !(FAULT_KINDS as readonly string[]).includes(f.kind));
      if (unknown) {
        write(res, 400, 'text/plain', `unknown fault kind '${unknown.kind}'`);
      } else {
        this.add(faults);
        write(res, 204, 'text/plain', '');
      }
    } else {
      write(res, 405, 'text/plain', 'Method Not Allowed');
    }
    return true;
  }

  /** Serves `fault` in place of the normal answer, which `normal` computes when needed. */
  async serve(
    fault: Fault,
    operation: string,
    res: ServerResponse,
    normal: () => Answer,
    dialect: FaultDialect,
  ): Promise<void> {
    const record: InjectedFault = {
      kind: fault.kind,
      operation,
      ...(fault.kind === 'hostile' ? { hostile: fault.hostile ?? 'billion-laughs' } : {}),
    };
    this.injected.push(record);
    res.once('close', () => {
      if (!res.writableFinished) record.clientLeftAt = Date.now();
    });
    switch (fault.kind) {
      case 'delay': {
        await sleep(fault.delayMs ?? 1_000);
        const answer = normal();
        return write(res, answer.status, answer.type, answer.body);
      }
      case 'hang':
        // Nothing is ever written; the server's close() ends the socket.
        return;
      case 'reset':
        if (typeof res.socket?.resetAndDestroy === 'function') res.socket.resetAndDestroy();
        else res.socket?.destroy();
        return;
      case 'status': {
        const status = fault.status ?? 500;
        res.setHeader('content-type', 'text/html');
        if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
        for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
        return write(res, status, 'text/html', `<html><body><h1>${status}</h1></body></html>`);
      }
      case 'garbage':
        return write(res, 200, 'text/xml; charset=utf-8', garbage(2_048));
      case 'truncated': {
        const answer = normal();
        return write(
          res,
          200,
          answer.type,
          answer.body.slice(0, Math.floor(answer.body.length / 2)),
        );
      }
      case 'wrong-content-type':
        return write(
          res,
          200,
          'text/html; charset=utf-8',
          '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>',
        );
      case 'expired-token': {
        const answer = dialect.expiredToken();
        return write(res, answer.status, answer.type, answer.body);
      }
      case 'drip': {
        const answer = normal();
        return drip(
          res,
          { ...answer, type: fault.contentType ?? answer.type },
          fault.delayMs ?? 200,
        );
      }
      case 'stall': {
        // Nothing more is ever written; the server's close() ends the socket.
        const answer = normal();
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.write(answer.body.slice(0, Math.floor(answer.body.length / 2)));
        return;
      }
      case 'echo': {
        const answer = dialect.error(`Bad request: ${echoed(dialect.received, fault.echo)}`);
        return write(res, answer.status, fault.contentType ?? answer.type, answer.body);
      }
      case 'relabel':
      case 'gzip': {
        // Only media answers have these; a sandbox serves them before reaching here.
        const answer = normal();
        return write(res, answer.status, answer.type, answer.body);
      }
      case 'hostile': {
        const kind = fault.hostile ?? 'billion-laughs';
        if (kind === 'huge') {
          record.bytesSent = await streamHuge(res, dialect, fault.bytes ?? 50 * 1024 * 1024);
          return;
        }
        const body = hostileDocument(kind, dialect);
        res.writeHead(200, {
          'content-type': 'text/xml; charset=utf-8',
          'content-length': body.length,
        });
        res.end(body);
        return;
      }
    }
  }
}

function hostileDocument(kind: Exclude<HostileKind, 'huge'>, dialect: FaultDialect): Buffer {
  const { root, document, record } = dialect;
  switch (kind) {
    case 'billion-laughs': {
      const entities = ['<!ENTITY lol0 "lol">'];
      for (let i = 1; i <= 9; i++)
        entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
      return Buffer.from(
        `<?xml version="1.0"?><!DOCTYPE ${root} [${entities.join('')}]>${document(record('<Text>&lol9;</Text>'))}`,
      );
    }
    case 'external-entity':
      return Buffer.from(
        `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${document(record('<Text>&xxe;</Text>'))}`,
      );
    case 'proto':
      return Buffer.from(
        document(
          record(
            '<__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>',
          ),
        ),
      );
    case 'bad-utf8': {
      const [head, tail] = around(document(record('<Text>\0</Text>')));
      return Buffer.concat([
        Buffer.from(head),
        Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]),
        Buffer.from(tail),
      ]);
    }
    case 'unclosed-script': {
      // Nothing after it: the document ends inside the unclosed element.
      const [head] = around(document('\0'));
      return Buffer.from(`${head}<script>`);
    }
    case 'deep':
      return Buffer.from(document(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`));
  }
}

/** A document with one `\0` in it: what comes before and after it. */
function around(document: string): [string, string] {
  const at = document.indexOf('\0');
  return [document.slice(0, at), document.slice(at + 1)];
}

/** Writes up to `total` bytes in chunks, honoring backpressure, until the client leaves. */
async function streamHuge(
  res: ServerResponse,
  dialect: FaultDialect,
  total: number,
): Promise<number> {
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
  // One chunk reused for every write: the sandbox's own memory stays flat too.
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const [opening, closing] = around(dialect.document('<Padding>\0</Padding>'));
  const head = Buffer.from(opening);
  res.write(head);
  sent += head.length;
  while (sent < total && !res.destroyed) {
    const ok = res.write(chunk);
    sent += chunk.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end(closing);
  return sent;
}

async function drip(res: ServerResponse, answer: Answer, delayMs: number): Promise<void> {
  const body = Buffer.from(answer.body);
  res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': body.length });
  for (let i = 0; i < body.length && !res.destroyed; i++) {
    res.write(body.subarray(i, i + 1));
    await sleep(delayMs);
  }
  if (!res.destroyed) res.end();
}

function echoed(received: string, form: EchoForm = 'as-sent'): string {
  const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');
  switch (form) {
    case 'as-sent':
      return received;
    case 'decoded':
      return decodeURIComponent(received);
    case 'upper-case':
      return received.toUpperCase();
    case 'percent-encoded-twice':
      return encodeURIComponent(encodeURIComponent(received));
    case 'character-references':
      return [...received].map((ch) => `&#x${hex(ch.codePointAt(0) ?? 0, 2)};`).join('');
    case 'json-escapes':
      return [...received].map((ch) => `\\u${hex(ch.charCodeAt(0), 4)}`).join('');
  }
}

function garbage(length: number): string {
  // Deterministic, printable and valid UTF-8: unreadable as a document, not as text.
  let seed = 42;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(33 + (seed % 94));
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
