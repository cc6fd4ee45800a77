/**
 * Requests to one Verba server: every operation is `GET <base>?action=…&apiKey=…&token=…`,
 * answered with `<VerbaApi><Response code="…"/>…</VerbaApi>`.
 * @see ../../../shared/provider-docs/verba-*.txt for the actions this speaks.
 */
import {
  conflict,
  notFound,
  type ProblemExtras,
  providerAuthFailed,
  providerBadResponse,
  providerError,
} from '../../src/errors.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/http/client.ts';
import { providerText } from '../../src/http/provider-text.ts';
import { fromUpstreamError } from '../../src/http/upstream-errors.ts';
import type { ProviderDeps } from '../kind.ts';
import type { OperationContext } from '../provider.ts';
import type { VerbaConfig } from './config.ts';
import { ManagedToken } from './token.ts';
import { NotVerbaXmlError, parseVerbaAnswer, type VerbaAnswer } from './xml.ts';

export type VerbaAction =
  | 'RequestToken'
  | 'GetCallID'
  | 'GetCallInformation'
  | 'GetCallURL'
  | 'KeepCall'
  | 'DeleteCall'
  | 'GetMedia'
  | 'GetMediaSegment'
  | 'GetMediaLive'
  | 'SearchCalls';

const WRITES: ReadonlySet<VerbaAction> = new Set(['KeepCall', 'DeleteCall']);

// Verba's wording for a token it does not (or no longer) accept.
const TOKEN_REJECTED = /expired or never got authenticated/i;
const API_KEY_REJECTED = /api ?key/i;
const SEVERAL_RECORDS = /more than (one|1) record/i;
// Documented: 2 = the call cannot be found; -50 = not found after retries (DeleteCall).
const NOT_FOUND_CODES = new Set(['2', '-50']);

export class VerbaClient {
  private readonly instance: string;
  private readonly config: VerbaConfig;
  private readonly managed: ManagedToken<OperationContext> | null;
  private readonly origin: { provider: string; instance: string };
  /** What any request carries that Verba must not get to quote back to a caller. */
  private readonly credentials: ReadonlyArray<string | null | undefined>;

  constructor(instance: string, config: VerbaConfig, deps: ProviderDeps) {
    this.instance = instance;
    this.config = config;
    this.origin = { provider: 'verba', instance };
    const user = config.credentials;
    this.credentials = [
      config.apiKey,
      config.fixedToken,
      user?.userName,
      user?.password,
      user ? base64(`${user.userName}:${user.password}`) : null,
    ];
    this.managed = config.credentials
      ? new ManagedToken((ctx) => this.requestToken(ctx), deps.now)
      : null;
  }

  /** Runs one action and returns its answer when Verba says `code="0"`; throws the mapped error otherwise. */
  async call(
    action: Exclude<VerbaAction, 'RequestToken'>,
    params: Record<string, string>,
    ctx: OperationContext,
  ): Promise<VerbaAnswer> {
    const token = await this.currentToken(ctx);
    let answer = await this.send(action, params, token, ctx);
    let fresh: string | undefined;
    if (this.managed && token && isTokenRejected(answer)) {
      // Rejected before anything happened, so repeating even a write is safe.
      ctx.log.info({ instance: this.instance, action }, 'verba token rejected; renewing once');
      fresh = await this.managed.replace(token, ctx);
      answer = await this.send(action, params, fresh, ctx);
    }
    return this.check(answer, [token, fresh]);
  }

  /** The token to send, for requests made outside `call` (media.ts, search.ts). */
  token(ctx: OperationContext): Promise<string | undefined> {
    return this.currentToken(ctx);
  }

  /**
   * After an answer that rejected `stale`: a fresh token when the gateway manages tokens
   * (the request may be sent once more), else null.
   */
  async renewedToken(
    answer: VerbaAnswer,
    stale: string | undefined,
    ctx: OperationContext,
    action: VerbaAction,
  ): Promise<string | null> {
    if (!this.managed || !stale || !isTokenRejected(answer)) return null;
    ctx.log.info({ instance: this.instance, action }, 'verba token rejected; renewing once');
    return this.managed.replace(stale, ctx);
  }

  /** `<base>?action=…&apiKey=…&token=…&responseType=XML&…`: credentials in the query, as Verba takes them. */
  actionUrl(
    action: VerbaAction,
    params: Record<string, string | readonly string[]>,
    token: string | undefined,
  ): URL {
    const url = new URL(this.config.baseUrl);
    const query = url.searchParams;
    query.set('action', action);
    query.set('apiKey', this.config.apiKey);
    if (token) query.set('token', token);
    query.set('responseType', 'XML');
    for (const [name, value] of Object.entries(params)) {
      // A list is the parameter repeated (SearchCalls' anynum, anyname).
      if (typeof value === 'string') query.set(name, value);
      else for (const item of value) query.append(name, item);
    }
    return url;
  }

  get timeoutMs(): number {
    return this.config.timeoutMs;
  }

  get instanceOrigin(): { provider: string; instance: string } {
    return this.origin;
  }

  private currentToken(ctx: OperationContext): Promise<string | undefined> {
    if (this.managed) return this.managed.get(ctx);
    return Promise.resolve(this.config.fixedToken ?? undefined);
  }

  private async requestToken(ctx: OperationContext): Promise<string> {
    const credentials = this.config.credentials;
    if (!credentials) throw new Error('requestToken without credentials');
    // Basic auth keeps the password out of the URL (and so out of any proxy's access log).
    const answer = await this.send('RequestToken', {}, undefined, ctx, {
      authorization: `Basic ${base64(`${credentials.userName}:${credentials.password}`)}`,
    });
    if (answer.code !== '0' || !answer.token) {
      throw providerAuthFailed(
        `Verba instance '${this.instance}' refused the configured credentials.`,
        this.extras(answer, []),
      );
    }
    return answer.token;
  }

  private async send(
    action: VerbaAction,
    params: Record<string, string>,
    token: string | undefined,
    ctx: OperationContext,
    headers: Record<string, string> = {},
  ): Promise<VerbaAnswer> {
    const url = this.actionUrl(action, params, token);
    let response: Awaited<ReturnType<OperationContext['http']>>;
    try {
      response = await ctx.http({
        method: 'GET',
        url: url.toString(),
        headers: { accept: 'application/xml, text/xml', ...headers },
        timeoutMs: this.config.timeoutMs,
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        // Verba's writes are GETs too: only the action says whether repeating is safe.
        idempotent: !WRITES.has(action),
      });
    } catch (error) {
      throw fromUpstreamError(error, this.origin, WRITES.has(action));
    }
    try {
      return parseVerbaAnswer(response.body);
    } catch (error) {
      if (!(error instanceof NotVerbaXmlError)) throw error;
      // An error page from a proxy or server in front of Verba says nothing about whether
      // a write happened behind it.
      const why = providerText(error.message, [...this.credentials, token]);
      throw providerBadResponse(
        `Verba instance '${this.instance}' answered ${action} with HTTP ${response.status} and no Verba XML: ${why}.`,
        { ...this.origin, ...(WRITES.has(action) ? { outcome: 'unknown' as const } : {}) },
      );
    }
  }

  /**
   * The answer when Verba says `code="0"`; the mapped error otherwise. `tokens`: those the
   * request carried, which Verba must not quote back either.
   */
  check(answer: VerbaAnswer, tokens: Array<string | undefined>): VerbaAnswer {
    if (answer.code === '0') return answer;
    const extras = this.extras(answer, tokens);
    const message = answer.message ?? '';
    if (TOKEN_REJECTED.test(message) || API_KEY_REJECTED.test(message)) {
      return fail(
        providerAuthFailed(
          `Verba instance '${this.instance}' rejected the gateway's credentials.`,
          extras,
        ),
      );
    }
    if (SEVERAL_RECORDS.test(message)) {
      return fail(
        conflict('More than one call matches; narrow the selector or use the call id.', extras),
      );
    }
    if (NOT_FOUND_CODES.has(answer.code)) return fail(notFound('No such call.', extras));
    return fail(
      providerError(
        `Verba instance '${this.instance}' answered with error code ${answer.code}.`,
        extras,
      ),
    );
  }

  private extras(answer: VerbaAnswer, tokens: Array<string | undefined>): ProblemExtras {
    const message = answer.message;
    return {
      ...this.origin,
      providerCode: answer.code,
      ...(message
        ? { providerMessage: providerText(message, [...this.credentials, ...tokens]) }
        : {}),
    };
  }
}

const isTokenRejected = (answer: VerbaAnswer) =>
  answer.code !== '0' && TOKEN_REJECTED.test(answer.message ?? '');

function fail(error: Error): never {
  throw error;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
