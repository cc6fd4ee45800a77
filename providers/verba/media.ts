/**
 * Verba's media actions (pages "Get Media", "Get Media Segment", "Get Media Live"): the
 * same endpoint and credentials as every action, but the answer is audio, relayed as it
 * arrives, unless Verba could not serve it: then it is the usual XML error document, which
 * must become the usual problem, never a 200 labelled as audio.
 */
import { looksLikeMarkup, mediaTypeOf, sniffAudio } from '../../src/core/audio-type.ts';
import { strictUtf8 } from '../../src/core/encoding.ts';
import { GatewayError, providerBadResponse, providerError } from '../../src/core/errors.ts';
import type { AudioStream } from '../../src/core/media.ts';
import type { AdapterContext } from '../../src/core/provider.ts';
import { peekBody, readAll, type UpstreamStream } from '../../src/core/stream.ts';
import { DEFAULT_MAX_BODY_BYTES, UpstreamError } from '../../src/core/upstream.ts';
import type { TokenAttempt, VerbaAction, VerbaClient } from './client.ts';
import { NotVerbaXmlError, parseVerbaAnswer, type VerbaAnswer } from './xml.ts';

export type MediaAction = Extract<VerbaAction, 'GetMedia' | 'GetMediaSegment' | 'GetMediaLive'>;

/** Enough bytes to tell a container or a document from its opening. */
const SNIFF_BYTES = 16;

export interface MediaOptions {
  range?: string;
  /** The type the gateway asked for, for an answer whose own label says nothing. */
  expectedType?: string;
}

/** Opens one media action and hands back the audio, or throws the problem Verba's answer means. */
export async function openVerbaMedia(
  client: VerbaClient,
  action: MediaAction,
  params: Record<string, string>,
  ctx: AdapterContext,
  options: MediaOptions = {},
): Promise<AudioStream> {
  const attempt = async (token: string | undefined): Promise<TokenAttempt<AudioStream>> => {
    const stream = await open(client, action, params, token, ctx, options.range);
    const { head, body } = await peekBody(stream.body, SNIFF_BYTES);
    const declared = mediaTypeOf(stream.header('content-type'));
    // A document instead of audio: an error, or a token Verba no longer takes, refused
    // before anything is served (withToken asks once more).
    if (isDocument(declared, head))
      return { answer: await readAnswer(client, action, stream.status, body) };
    if (stream.status === 416) {
      await body.cancel();
      throw new GatewayError(
        416,
        'range_not_satisfiable',
        'The requested range is outside the recording.',
        { ...client.instanceOrigin },
        contentRangeOf(stream),
      );
    }
    if (stream.status !== 200 && stream.status !== 206) {
      await body.cancel();
      throw providerError(
        `Verba instance '${client.instanceOrigin.instance}' answered ${action} with HTTP ${stream.status}.`,
        { ...client.instanceOrigin, providerCode: String(stream.status) },
      );
    }
    if (declared === 'text/html') {
      await body.cancel();
      throw providerBadResponse(
        `Verba instance '${client.instanceOrigin.instance}' answered ${action} with an HTML page, not audio.`,
        { ...client.instanceOrigin },
      );
    }
    const audio: AudioStream = {
      status: stream.status,
      contentType: audioTypeOf(declared, head, options.expectedType),
      contentLength: lengthOf(stream),
      contentRange: stream.status === 206 ? (stream.header('content-range') ?? null) : null,
      acceptRanges: stream.header('accept-ranges')?.toLowerCase() === 'bytes',
      body,
      done: stream.done,
    };
    return { value: audio };
  };
  return client.withToken(ctx, action, attempt, () => {
    throw providerBadResponse(
      `Verba instance '${client.instanceOrigin.instance}' answered ${action} with a document instead of audio.`,
      { ...client.instanceOrigin },
    );
  });
}

function open(
  client: VerbaClient,
  action: MediaAction,
  params: Record<string, string>,
  token: string | undefined,
  ctx: AdapterContext,
  range: string | undefined,
): Promise<UpstreamStream> {
  return ctx.stream({
    operation: action,
    url: client.actionUrl(action, params, token).toString(),
    // Unconfirmed: the pages do not say whether media answers honour Range. It is passed
    // on, and a 200 (the whole recording) is relayed as such.
    headers: { accept: 'audio/*, */*;q=0.5', ...(range ? { range } : {}) },
    maxBodyBytes: Number.MAX_SAFE_INTEGER,
  });
}

/**
 * Unconfirmed: the pages say only "raw stream in its original file format", not how it is
 * labelled. An XML label, or markup where no audio label is given, is Verba's document.
 */
function isDocument(declared: string | undefined, head: Uint8Array): boolean {
  if (declared?.includes('xml')) return true;
  if (declared?.startsWith('audio/')) return false;
  return declared !== 'text/html' && looksLikeMarkup(head);
}

async function readAnswer(
  client: VerbaClient,
  action: MediaAction,
  status: number,
  body: ReadableStream<Uint8Array>,
): Promise<VerbaAnswer> {
  const bytes = await readAll(body, DEFAULT_MAX_BODY_BYTES);
  let text: string;
  try {
    text = strictUtf8(bytes);
  } catch {
    throw new UpstreamError('bad_encoding', true, 'answer is not valid UTF-8');
  }
  try {
    return parseVerbaAnswer(text);
  } catch (error) {
    if (!(error instanceof NotVerbaXmlError)) throw error;
    throw providerBadResponse(
      `Verba instance '${client.instanceOrigin.instance}' answered ${action} with HTTP ${status}, neither audio nor Verba XML: ${error.message}.`,
      { ...client.instanceOrigin },
    );
  }
}

/** The provider's audio label when it has one, else what the bytes are, else what was asked. */
function audioTypeOf(
  declared: string | undefined,
  head: Uint8Array,
  expected: string | undefined,
): string {
  if (declared?.startsWith('audio/')) return declared;
  return sniffAudio(head)?.contentType ?? expected ?? declared ?? 'application/octet-stream';
}

function lengthOf(stream: UpstreamStream): number | null {
  const raw = stream.header('content-length');
  if (!raw || !/^\d+$/.test(raw) || stream.header('content-encoding')) return null;
  return Number(raw);
}

function contentRangeOf(stream: UpstreamStream): Record<string, string> {
  const range = stream.header('content-range');
  return range ? { 'content-range': range } : {};
}
