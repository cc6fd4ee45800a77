/**
 * Verba's media actions (pages "Get Media", "Get Media Segment", "Get Media Live"): the
 * same endpoint and credentials as every action, but the answer is audio, relayed as it
 * arrives (core/audio-relay.ts), unless Verba could not serve it: then it is the usual XML
 * error document, which must become the usual problem, never a 200 labelled as audio.
 */
import { audioDeadline, fetchAudio } from '../../src/core/audio-relay.ts';
import { InstanceProblem } from '../../src/core/errors.ts';
import type { AudioStream } from '../../src/core/media.ts';
import type { AdapterContext } from '../../src/core/provider.ts';
import { decodeUtf8 } from '../../src/core/upstream.ts';
import type { TokenAttempt, VerbaAction, VerbaClient } from './client.ts';
import { NotVerbaXmlError, parseVerbaAnswer, type VerbaAnswer } from './xml.ts';

export type MediaAction = Extract<VerbaAction, 'GetMedia' | 'GetMediaSegment' | 'GetMediaLive'>;

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
  // One deadline for the audio's start, a token renewal included.
  const deadline = audioDeadline(ctx);
  const attempt = async (token: string | undefined): Promise<TokenAttempt<AudioStream>> => {
    const answer = await fetchAudio(
      ctx,
      {
        operation: action,
        url: client.actionUrl(action, params, token).toString(),
        // Unconfirmed: the pages do not say whether media answers honour Range. It is
        // passed on, and a 200 (the whole recording) is relayed as such.
        ...(options.range ? { range: options.range } : {}),
        ...(options.expectedType ? { expectedType: options.expectedType } : {}),
      },
      { deadline },
    );
    if (answer.kind === 'audio') return { value: answer.audio };
    // A document instead of audio: an error, or a token Verba no longer takes, refused
    // before anything is served (withToken asks once more).
    return { answer: readAnswer(action, answer.status, answer.bytes) };
  };
  return client.withToken(ctx, action, attempt, () => {
    throw new InstanceProblem(
      'provider_bad_response',
      `answered ${action} with a document instead of audio.`,
    );
  });
}

/**
 * Unconfirmed: the pages say only "raw stream in its original file format", not how an
 * error is labelled. Whatever its label, a document in place of audio is read as Verba's.
 */
function readAnswer(action: MediaAction, status: number, bytes: Uint8Array): VerbaAnswer {
  try {
    return parseVerbaAnswer(decodeUtf8(bytes));
  } catch (error) {
    if (!(error instanceof NotVerbaXmlError)) throw error;
    throw new InstanceProblem(
      'provider_bad_response',
      `answered ${action} with HTTP ${status}, neither audio nor Verba XML: ${error.message}.`,
    );
  }
}
