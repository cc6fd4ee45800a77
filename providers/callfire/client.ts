/**
 * Requests to CallFire API 1.1 REST: `GET <base>/call/{id}.json` and `GET <base>/call.json?…`
 * with HTTP basic auth. Error statuses come with a `ResourceException` (HttpStatus, Message),
 * which becomes the gateway's problem here.
 *
 * The `.json` form is asked for because it parses far faster than the XML one; the answer
 * is still read by its content, so an XML answer (an error page, a proxy) is understood too.
 */
import type { Origin } from '../../src/core/adapt.ts';
import { base64 } from '../../src/core/encoding.ts';
import {
  type GatewayError,
  InstanceProblem,
  notFound,
  type ProblemExtras,
} from '../../src/core/errors.ts';
import type { AdapterContext } from '../../src/core/provider.ts';
import { inSpan } from '../../src/core/telemetry.ts';
import type { CallFireConfig } from './config.ts';
import {
  type CallFireDocument,
  type CallFireRecord,
  NotCallFirePayloadError,
  parseCallFireJson,
} from './payload.ts';
import { parseCallFireXml } from './xml.ts';

// A full page is up to 1000 calls, each with its dial attempts: well past the default cap.
const QUERY_MAX_BODY_BYTES = 16 * 1024 * 1024;

export type CallFireOperation = 'GetCall' | 'QueryCalls';

export class CallFireClient {
  private readonly origin: Origin;
  /** The API base: a recording link is followed only on its origin. */
  readonly baseUrl: string;
  private readonly authorization: string;

  constructor(origin: Origin, config: CallFireConfig) {
    this.origin = origin;
    this.baseUrl = config.baseUrl;
    this.authorization = `Basic ${base64(`${config.userName}:${config.password}`)}`;
  }

  /** The Authorization header of the instance's credentials, for its recording links. */
  get authorizationHeader(): string {
    return this.authorization;
  }

  /** GetCall; a 404 is the caller's `not_found`. */
  async getCall(callId: string, ctx: AdapterContext): Promise<CallFireRecord> {
    const document = await this.send('GetCall', `call/${callId}`, undefined, ctx);
    if (document.kind !== 'call') throw this.unexpected('GetCall', 'a Resource with a Call');
    return document.call;
  }

  /** QueryCalls; `params` carries filters and paging. */
  async queryCalls(
    params: URLSearchParams,
    ctx: AdapterContext,
  ): Promise<{ calls: CallFireRecord[]; totalResults: number | null }> {
    const document = await this.send('QueryCalls', 'call', params, ctx);
    if (document.kind !== 'list') throw this.unexpected('QueryCalls', 'a ResourceList');
    return document;
  }

  private async send(
    operation: CallFireOperation,
    path: string,
    params: URLSearchParams | undefined,
    ctx: AdapterContext,
  ): Promise<CallFireDocument> {
    const query = params?.size ? `?${params}` : '';
    const response = await ctx.http({
      operation,
      method: 'GET',
      url: `${this.baseUrl}/${path}.json${query}`,
      headers: { accept: 'application/json', authorization: this.authorization },
      ...(operation === 'QueryCalls' ? { maxBodyBytes: QUERY_MAX_BODY_BYTES } : {}),
    });

    let document: CallFireDocument | null = null;
    let unreadable = '';
    try {
      document = inSpan(ctx.span, 'callfire parse', () => parseAnswer(response.body));
    } catch (error) {
      if (!(error instanceof NotCallFirePayloadError)) throw error;
      unreadable = error.message;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (ok && document && document.kind !== 'exception') return document;
    if (ok && !document) {
      throw new InstanceProblem(
        'provider_bad_response',
        `answered ${operation} with HTTP ${response.status} and no CallFire payload: ${unreadable}.`,
      );
    }
    const exception = document?.kind === 'exception' ? document : null;
    throw this.failure(operation, response.status, exception);
  }

  /** An error status (or a ResourceException) → the gateway's error. */
  private failure(
    operation: CallFireOperation,
    status: number,
    exception: { httpStatus: string | null; message: string | null } | null,
  ): GatewayError {
    // A ResourceException inside a 2xx still says what went wrong.
    const code = status >= 200 && status < 300 ? Number(exception?.httpStatus ?? 500) : status;
    const extras: ProblemExtras = {
      providerCode: String(code),
      ...(exception?.message ? { providerMessage: exception.message } : {}),
    };
    if (code === 401 || code === 403) {
      // The gateway's own credentials were refused: nothing the gateway's caller can fix.
      return new InstanceProblem(
        'provider_auth_failed',
        `rejected the gateway's credentials (HTTP ${code}).`,
        extras,
      );
    }
    // Only CallFire's own 404 says the call is missing; a bare one says the base URL is wrong.
    if (code === 404 && operation === 'GetCall' && exception)
      return notFound('No such call.', { ...this.origin, ...extras });
    if (code >= 500)
      return new InstanceProblem('provider_error', `failed with HTTP ${code}.`, extras);
    return new InstanceProblem('provider_error', `refused ${operation} with HTTP ${code}.`, extras);
  }

  private unexpected(operation: CallFireOperation, what: string): GatewayError {
    return new InstanceProblem('provider_bad_response', `answered ${operation} without ${what}.`);
  }
}

/** Either form, told apart by the first character rather than a header a proxy may rewrite. */
export function parseAnswer(text: string): CallFireDocument {
  const start = /\S/.exec(text)?.[0];
  if (start === '{') return parseCallFireJson(text);
  if (start === '<') return parseCallFireXml(text);
  throw new NotCallFirePayloadError(
    start === undefined ? 'answer is empty' : 'answer is neither XML nor JSON',
  );
}
