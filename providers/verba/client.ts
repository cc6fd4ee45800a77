/**
 * Requests to one Verba server: every operation is `GET <base>?action=…&apiKey=…&token=…`,
 * answered with `<VerbaApi><Response code="…"/>…</VerbaApi>`; Verba's codes and wording
 * become the gateway's problems here.
 */
import type { Origin } from '../../src/core/adapt.ts';
import { base64 } from '../../src/core/encoding.ts';
import {
  conflict,
  fromSharedFailure,
  GatewayError,
  notFound,
  type ProblemExtras,
  providerAuthFailed,
  providerBadResponse,
  providerError,
} from '../../src/core/errors.ts';
import type { ProviderDeps } from '../../src/core/kind.ts';
import type { AdapterContext } from '../../src/core/provider.ts';
import { SharedToken } from '../../src/core/state/shared-token.ts';
import { processTokens } from '../../src/core/state/token-holder.ts';
import { inSpan } from '../../src/core/telemetry.ts';
import type { UpstreamResponse } from '../../src/core/upstream.ts';
import type { VerbaConfig } from './config.ts';
import { tokenRenewal } from './token.ts';
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

// Verba's wording for a token it does not (or no longer) accept.
const TOKEN_REJECTED = /expired or never got authenticated/i;
const API_KEY_REJECTED = /api ?key/i;
const SEVERAL_RECORDS = /more than (one|1) record/i;
// Documented: 2 = the call cannot be found; -50 = not found after retries (DeleteCall).
const NOT_FOUND_CODES = new Set(['2', '-50']);
// Unconfirmed codes (not in the excerpts; the sandbox answers them so): refusals that follow
// from the call's own state, not failures of Verba. -6: DeleteCall on a call marked
// do_not_delete (`recordingPolicy.doNotDelete`); -7: a recording asked for while the call
// is still recorded (GetMedia, GetMediaSegment), or live audio once it has ended.
const PROTECTED_CODE = '-6';
const WRONG_PHASE_CODE = '-7';

export class VerbaClient {
  private readonly origin: Origin;
  private readonly config: VerbaConfig;
  /** The instance's token as this process or isolate sees it; null with a fixed token. */
  private readonly shared: SharedToken | null;
  private readonly metrics: ProviderDeps['metrics'];

  constructor(origin: Origin, config: VerbaConfig, deps: ProviderDeps) {
    this.origin = origin;
    this.config = config;
    this.metrics = deps.metrics;
    this.shared = config.credentials
      ? new SharedToken(deps.tokens ?? processTokens(deps.now), deps.now, fromSharedFailure)
      : null;
  }

  /** Runs one action and returns its answer when Verba says `code="0"`; throws the mapped error otherwise. */
  async call(
    action: Exclude<VerbaAction, 'RequestToken'>,
    params: Record<string, string>,
    ctx: AdapterContext,
  ): Promise<VerbaAnswer> {
    const token = await this.currentToken(ctx);
    let answer = await this.send(action, params, token, ctx);
    if (this.shared && token && isTokenRejected(answer)) {
      // Rejected before anything happened, so repeating even a write is safe.
      ctx.log.info(
        { instance: this.origin.instance, action },
        'verba token rejected; renewing once',
      );
      // Whoever renews it does so for every isolate; a token already replaced is not renewed again.
      const fresh = await this.shared.replace(token, this.renewal(ctx));
      answer = await this.send(action, params, fresh, ctx);
      // Verba refuses even the token it just issued: the holder backs off for everyone.
      if (isTokenRejected(answer)) await this.shared.rejectedFresh(fresh, this.renewal(ctx));
    }
    return this.check(answer);
  }

  /** The token to send, for requests made outside `call` (media.ts, search.ts). */
  token(ctx: AdapterContext): Promise<string | undefined> {
    return this.currentToken(ctx);
  }

  /**
   * After an answer that rejected `stale`: a fresh token when the gateway manages tokens
   * (the request may be sent once more), else null.
   */
  async renewedToken(
    answer: VerbaAnswer,
    stale: string | undefined,
    ctx: AdapterContext,
    action: VerbaAction,
  ): Promise<string | null> {
    if (!this.shared || !stale || !isTokenRejected(answer)) return null;
    ctx.log.info({ instance: this.origin.instance, action }, 'verba token rejected; renewing once');
    return this.shared.replace(stale, this.renewal(ctx));
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

  get instanceOrigin(): Origin {
    return this.origin;
  }

  private currentToken(ctx: AdapterContext): Promise<string | undefined> {
    if (this.shared) return this.shared.get(this.renewal(ctx));
    return Promise.resolve(this.config.fixedToken ?? undefined);
  }

  /** A RequestToken sent with this request's context, should the holder ask for one. */
  private renewal(ctx: AdapterContext) {
    return tokenRenewal(
      () => this.requestToken(ctx),
      (reason, granted) => this.metrics.token(this.origin.instance, reason, granted),
    );
  }

  private async requestToken(ctx: AdapterContext): Promise<string> {
    const credentials = this.config.credentials;
    if (!credentials) throw new Error('requestToken without credentials');
    // Basic auth keeps the password out of the URL (and so out of any proxy's access log).
    const answer = await this.send('RequestToken', {}, undefined, ctx, {
      authorization: `Basic ${base64(`${credentials.userName}:${credentials.password}`)}`,
    });
    if (answer.code !== '0' || !answer.token) {
      throw providerAuthFailed(
        `Verba instance '${this.origin.instance}' refused the configured credentials.`,
        this.extras(answer),
      );
    }
    return answer.token;
  }

  private async send(
    action: VerbaAction,
    params: Record<string, string>,
    token: string | undefined,
    ctx: AdapterContext,
    headers: Record<string, string> = {},
  ): Promise<VerbaAnswer> {
    const url = this.actionUrl(action, params, token);
    const response: UpstreamResponse = await ctx.http({
      operation: action,
      method: 'GET',
      url: url.toString(),
      headers: { accept: 'application/xml, text/xml', ...headers },
      // Verba's writes are GETs too; a token request, even one a write needs, only reads.
      // The gateway's own request: the request cap never refuses it for what callers spent.
      ...(action === 'RequestToken' ? { idempotent: true, own: true } : {}),
    });
    try {
      return inSpan(ctx.span, 'verba xml parse', () => parseVerbaAnswer(response.body));
    } catch (error) {
      if (!(error instanceof NotVerbaXmlError)) throw error;
      throw providerBadResponse(
        `Verba instance '${this.origin.instance}' answered ${action} with HTTP ${response.status} and no Verba XML: ${error.message}.`,
        { ...this.origin },
      );
    }
  }

  /** The answer when Verba says `code="0"`; the mapped error otherwise. */
  check(answer: VerbaAnswer): VerbaAnswer {
    if (answer.code === '0') return answer;
    const extras = this.extras(answer);
    const message = answer.message ?? '';
    const name = `Verba instance '${this.origin.instance}'`;
    if (TOKEN_REJECTED.test(message) || API_KEY_REJECTED.test(message))
      throw providerAuthFailed(`${name} rejected the gateway's credentials.`, extras);
    if (SEVERAL_RECORDS.test(message))
      throw conflict('More than one call matches; narrow the selector or use the call id.', extras);
    if (NOT_FOUND_CODES.has(answer.code)) throw notFound('No such call.', extras);
    if (answer.code === PROTECTED_CODE && answer.type === 'DeleteCall')
      throw new GatewayError(
        409,
        'call_protected',
        'The call is protected from deletion (its recordingPolicy.doNotDelete is true).',
        extras,
      );
    if (answer.code === WRONG_PHASE_CODE && answer.type === 'GetMediaLive')
      throw new GatewayError(
        409,
        'call_ended',
        'The call has ended: it has no live audio.',
        extras,
      );
    if (answer.code === WRONG_PHASE_CODE && answer.type?.startsWith('GetMedia'))
      throw new GatewayError(
        409,
        'call_in_progress',
        'The call is still going on: its recording is not ready.',
        extras,
      );
    throw providerError(`${name} answered with error code ${answer.code}.`, extras);
  }

  private extras(answer: VerbaAnswer): ProblemExtras {
    return {
      ...this.origin,
      providerCode: answer.code,
      ...(answer.message ? { providerMessage: answer.message } : {}),
    };
  }
}

const isTokenRejected = (answer: VerbaAnswer) =>
  answer.code !== '0' && TOKEN_REJECTED.test(answer.message ?? '');
