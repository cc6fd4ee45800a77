/**
 * Audio from any provider, fetched and judged the one way: an adapter says what to fetch
 * (URL, headers, the type it asked for) and what a refusal by status means; the rest is
 * here, the same for every kind:
 *
 * - the caller's Range goes on; a 206 keeps its `content-range`, a 416 answers 416 with it;
 * - the bytes decide what the answer is, whatever its label: audio the gateway knows by its
 *   container, or a document (markup, JSON, text) to be read as the provider's error;
 * - one audio Content-Type goes out, never a list; a compressed body is never relayed
 *   without its encoding (the runtime clients decode gzip, deflate and br; anything else
 *   is refused);
 * - the first bytes and an error document arrive within the instance's deadline, not only
 *   within the silence allowed between two chunks;
 * - audio whose first bytes quote a credential the request carried is refused.
 *
 * Runtime-free: the Worker bundles it.
 */

import { looksLikeDocument, mediaTypesOf, sniffAudio } from './audio-type.ts';
import { type GatewayError, InstanceProblem } from './errors.ts';
import type { AudioStream } from './media.ts';
import type { AdapterContext } from './provider.ts';
import { quotesAny } from './provider-text.ts';
import { SECRET_NAMES } from './redact.ts';
import { peekBody, readAll, type UpstreamStream } from './stream.ts';
import { DEFAULT_MAX_BODY_BYTES } from './upstream.ts';

/** What an adapter asks for: the request, and what it expects back. */
export interface AudioSource {
  /** The adapter's name for the request (a metric label, a span name). */
  operation: string;
  url: string;
  headers?: Record<string, string>;
  /** The caller's Range header, passed on as it came. */
  range?: string;
  /** The type the gateway asked for, for audio whose label and bytes say nothing. */
  expectedType?: string;
}

export interface AudioRules {
  /** A refusal the provider states by status alone (404, 401, …); a 502 when undefined. */
  refusal?(status: number): GatewayError | undefined;
  /** Epoch ms by which the audio (or the document in its place) must have begun. */
  deadline?: number;
}

/** The audio, or the document a provider sent in its place, read whole within the deadline. */
export type AudioAnswer =
  | { kind: 'audio'; audio: AudioStream }
  | { kind: 'document'; status: number; bytes: Uint8Array };

/** Enough bytes to tell a container or a document from its opening. */
const SNIFF_BYTES = 16;

/** The deadline for an audio answer's first bytes: the instance's timeout from now. */
export const audioDeadline = (ctx: Pick<AdapterContext, 'timeoutMs'>) => Date.now() + ctx.timeoutMs;

export async function fetchAudio(
  ctx: AdapterContext,
  source: AudioSource,
  rules: AudioRules,
): Promise<AudioAnswer> {
  const deadline = rules.deadline ?? audioDeadline(ctx);
  const headers: Record<string, string> = {
    accept: 'audio/*, */*;q=0.5',
    ...source.headers,
    ...(source.range ? { range: source.range } : {}),
  };
  const stream = await ctx.stream({
    operation: source.operation,
    url: source.url,
    headers,
    maxBodyBytes: Number.MAX_SAFE_INTEGER,
  });
  const limit = { at: deadline, ms: ctx.timeoutMs };
  const { head, body } = await peekBody(stream.body, SNIFF_BYTES, limit);
  const status = stream.status;
  const types = mediaTypesOf(stream.header('content-type'));
  const sniffed = sniffAudio(head);

  if (status === 416) {
    await body.cancel();
    const range = stream.header('content-range');
    throw new InstanceProblem(
      'range_not_satisfiable',
      'holds no such range: the requested range is outside the recording.',
      {},
      range ? { 'content-range': range } : {},
    );
  }
  if (!sniffed && looksLikeDocument(head, types)) {
    const bytes = await readAll(body, DEFAULT_MAX_BODY_BYTES, limit);
    return { kind: 'document', status, bytes };
  }
  if (status !== 200 && status !== 206) {
    await body.cancel();
    throw (
      rules.refusal?.(status) ??
      new InstanceProblem('provider_error', `answered ${source.operation} with HTTP ${status}.`, {
        providerCode: String(status),
      })
    );
  }
  const encoding = stream.header('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    await body.cancel();
    throw new InstanceProblem(
      'provider_bad_response',
      `sent audio in an encoding the gateway cannot relay (Content-Encoding ${encoding.slice(0, 40)}).`,
    );
  }
  const contentType = sniffed?.contentType ?? labelled(types, source.expectedType);
  if (!contentType) {
    await body.cancel();
    throw new InstanceProblem(
      'provider_bad_response',
      `labelled its answer to ${source.operation} '${types.join(', ').slice(0, 80)}': not one audio type, and its bytes are none the gateway knows.`,
    );
  }
  if (quotesAny(latin1(head), credentialsOf(source.url, headers))) {
    await body.cancel();
    throw new InstanceProblem(
      'provider_bad_response',
      `answered ${source.operation} with bytes that quote the request's credentials; they are withheld.`,
    );
  }
  return {
    kind: 'audio',
    audio: {
      status,
      contentType,
      contentLength: lengthOf(stream),
      contentRange: status === 206 ? (stream.header('content-range') ?? null) : null,
      acceptRanges: stream.header('accept-ranges')?.toLowerCase() === 'bytes',
      body,
      done: stream.done,
    },
  };
}

/**
 * The type from the provider's label when its bytes are none the gateway knows: its one
 * audio type; the type asked for when it says nothing useful; none when it names several
 * types or something other than audio.
 */
function labelled(types: readonly string[], expected: string | undefined): string | undefined {
  if (types.length > 1) return undefined;
  const [type] = types;
  if (type === undefined || type === 'application/octet-stream')
    return expected ?? 'application/octet-stream';
  return type.startsWith('audio/') ? type : undefined;
}

function lengthOf(stream: UpstreamStream): number | null {
  const raw = stream.header('content-length');
  if (!raw || !/^\d+$/.test(raw) || stream.header('content-encoding')) return null;
  return Number(raw);
}

/** The credentials a request carried: secret-named query parameters, its authorization. */
function credentialsOf(url: string, headers: Record<string, string>): string[] {
  const found: string[] = [];
  if (URL.canParse(url)) {
    for (const [name, value] of new URL(url).searchParams)
      if (value && SECRET_NAMES.includes(name.toLowerCase())) found.push(value);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') continue;
    found.push(value.slice(value.indexOf(' ') + 1));
  }
  return found;
}

const latin1 = (bytes: Uint8Array) => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192)
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
};
