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
  InstanceProblem,
  notFound,
  type ProblemExtras,
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
  call(
    action: Exclude<VerbaAction, 'RequestToken'>,
    params: Record<string, string>,
    ctx: AdapterContext,
  ): Promise<VerbaAnswer> {
    return this.withToken(
      ctx,
      action,
      async (token) => ({ answer: await this.send(action, params, token, ctx) }),
      (answer) => answer,
    );
  }

  /**
   * Runs `attempt` with the instance's token, for every way of asking Verba (`call`, media,
   * search). When it comes back with a Verba document rejecting that token, which Verba
   * does before anything happens (so even a write may go again), the token is renewed once
   * and `attempt` run again; whoever renews it does so for every isolate, and a token
   * already replaced is not renewed again. Any other document is checked: Verba's error
   * becomes its problem, and a document without one is `accepted`'s to read.
   */
  async withToken<T>(
    ctx: AdapterContext,
    action: Exclude<VerbaAction, 'RequestToken'>,
    attempt: (token: string | undefined) => Promise<TokenAttempt<T>>,
    accepted: (answer: VerbaAnswer) => T,
  ): Promise<T> {
    let token = await this.currentToken(ctx);
    for (let tries = 0; ; tries++) {
      const result = await attempt(token);
      if ('value' in result) return result.value;
      const { answer } = result;
      if (tries === 0 && this.shared && token && isTokenRejected(answer)) {
        ctx.log.info(
          { instance: this.origin.instance, action },
          'verba token rejected; renewing once',
        );
        token = await this.shared.replace(token, this.renewal(ctx));
        continue;
      }
      // Verba refuses even the token it just issued: the holder backs off for everyone.
      if (tries > 0 && this.shared && token && isTokenRejected(answer))
        await this.shared.rejectedFresh(token, this.renewal(ctx));
      return accepted(this.check(answer));
    }
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
      throw new InstanceProblem(
        'provider_auth_failed',
        'refused the configured credentials.',
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
      throw new InstanceProblem(
        'provider_bad_response',
        `answered ${action} with HTTP ${response.status} and no Verba XML: ${error.message}.`,
      );
    }
  }

  /** The answer when Verba says `code="0"`; the mapped error otherwise. */
  check(answer: VerbaAnswer): VerbaAnswer {
    if (answer.code === '0') return answer;
    const extras = this.extras(answer);
    const message = answer.message ?? '';
    if (TOKEN_REJECTED.test(message) || API_KEY_REJECTED.test(message))
      throw new InstanceProblem(
        'provider_auth_failed',
        "rejected the gateway's credentials.",
        extras,
      );
    if (SEVERAL_RECORDS.test(message))
      throw conflict('More than one call matches; narrow the selector or use the call id.', {
        ...this.origin,
        ...extras,
      });
    if (NOT_FOUND_CODES.has(answer.code))
      throw notFound('No such call.', { ...this.origin, ...extras });
    // Refusals that follow from the call's own state: the provider is healthy.
    if (answer.code === PROTECTED_CODE && answer.type === 'DeleteCall')
      throw new GatewayError(
        409,
        'call_protected',
        'The call is protected from deletion (its recordingPolicy.doNotDelete is true).',
        { ...this.origin, ...extras },
      );
    if (answer.code === WRONG_PHASE_CODE && answer.type === 'GetMediaLive')
      throw new GatewayError(409, 'call_ended', 'The call has ended: it has no live audio.', {
        ...this.origin,
        ...extras,
      });
    if (answer.code === WRONG_PHASE_CODE && answer.type?.startsWith('GetMedia'))
      throw new GatewayError(
        409,
        'call_in_progress',
        'The call is still going on: its recording is not ready.',
        { ...this.origin, ...extras },
      );
    throw new InstanceProblem('provider_error', `answered with error code ${answer.code}.`, extras);
  }

  /** What Verba said, for a problem's extras (adapt() adds the instance's). */
  private extras(answer: VerbaAnswer): ProblemExtras {
    return {
      providerCode: answer.code,
      ...(answer.message ? { providerMessage: answer.message } : {}),
    };
  }
}

/** One try of a request with a token: what it read, or the Verba document it got instead. */
export type TokenAttempt<T> = { value: T } | { answer: VerbaAnswer };

const isTokenRejected = (answer: VerbaAnswer) =>
  answer.code !== '0' && TOKEN_REJECTED.test(answer.message ?? '');
