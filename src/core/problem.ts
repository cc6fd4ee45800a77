import { GatewayError } from './errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem document's `type`: a stable URN per code, so clients can switch on it. */
export const problemType = (code: string) => `urn:callgate:problem:${code}`;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  [extra: string]: unknown;
}

export function toProblem(error: GatewayError, requestId: string): Problem {
  return {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId,
    ...error.extras,
  };
}

export function problemResponse(error: GatewayError, requestId: string): Response {
  return new Response(JSON.stringify(toProblem(error, requestId)), {
    status: error.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...error.headers },
  });
}

/** Anything thrown that is not already a GatewayError is an internal error: its text stays in the log. */
export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError(500, 'internal_error', 'The gateway failed to handle this request.');
}
