/**
 * Requests Node's HTTP parser refuses before the app sees them (headers too large, a
 * malformed request, one that took too long to arrive) get Node's bare status line by
 * default. The server's `clientError` hook answers them in the error model instead:
 * problem+json with a code and a request id, and one log line.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../core/problem.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/** The status Node itself would answer each parser error with. */
function refusalOf(code: string | undefined): GatewayError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new GatewayError(431, 'headers_too_large', 'The request headers are too large.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new GatewayError(413, 'payload_too_large', 'The chunk extensions are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new GatewayError(408, 'request_timeout', 'The request did not arrive in time.');
    default:
      return new GatewayError(400, 'bad_request', 'The request is not well-formed HTTP.');
  }
}

export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // The error carries the raw bytes received (Authorization included): only its code is used.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    // As Node does: answer only when no response already started on this socket.
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = refusalOf(error.code);
    const requestId = crypto.randomUUID();
    const body = JSON.stringify(toProblem(refusal, requestId));
    socket.end(
      `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\n` +
        `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
    socket.destroySoon();
    logger.info(
      { requestId, status: refusal.status, code: refusal.code, parserError: error.code ?? null },
      'request refused by the HTTP parser',
    );
  });
}
