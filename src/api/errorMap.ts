// Turns HTTP statuses and network failures into PgaiError with one short user-facing sentence.
// Everything the server sends back passes through the redactor before it is used.

import { PgaiError } from './errors';
import { parseErrorBody } from './parse';
import { type HeaderBag, headerValue, rateLimitedError, serverWaitMs } from './rateLimit';
import type { Redactor } from './redact';
import { CONNECT_FAILURE_CODES, TLS_FAILURE_CODE, errorCode } from './retry';
import { ResponseTooLargeError } from './transport';

export interface ErrorContext {
  /** Host of the base URL, for messages. */
  readonly host: string;
  readonly redact: Redactor;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id', 'cf-ray'];

/** The request id the server reported, if any (redacted, at most 100 characters). */
export function requestIdOf(headers: HeaderBag, redact: Redactor): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headerValue(headers, name);
    if (value) return redact(value.slice(0, 100));
  }
  return undefined;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** The JSON body of an error response, or the text when it is short and not HTML. */
export function errorBodyOf(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.length <= 200 && !text.startsWith('<') ? text : undefined;
  }
}

/** The error for a non-2xx response. */
export function statusError(status: number, headers: HeaderBag, body: Buffer, context: ErrorContext, now: number): PgaiError {
  const { redact } = context;
  const requestId = requestIdOf(headers, redact);
  const found = parseErrorBody(errorBodyOf(body));
  const serverMessage = found === undefined ? undefined : redact(found);
  const details = { status, requestId, serverMessage, mayHaveReachedServer: true };
  const detail = serverMessage ? `: ${sentence(serverMessage)}` : '.';
  if (status === 429) {
    return rateLimitedError(serverWaitMs(headers, now), details);
  }
  let kind: PgaiError['kind'];
  let message: string;
  if (status === 401) {
    kind = 'auth';
    message = 'PG:AI rejected the API key (401).';
  } else if (status === 403) {
    kind = 'permission';
    message = `The API key is not allowed to use PG:AI agent sessions (403)${detail}`;
  } else if (status === 404) {
    kind = 'notFound';
    message = `PG:AI could not find what was asked for (404)${detail}`;
  } else if (status >= 500) {
    kind = 'server';
    message = `PG:AI had a server error (${status}); try again later.`;
  } else if (status >= 400) {
    kind = 'badRequest';
    message = `PG:AI rejected the request (${status})${detail}`;
  } else {
    kind = 'invalidResponse';
    message = `PG:AI answered with an unexpected status (${status}).`;
  }
  const retryAfterMs = status >= 500 ? serverWaitMs(headers, now) : undefined;
  return new PgaiError(kind, message, { ...details, retryAfterMs });
}

/** An answer that could not be used, with the request id it came with. */
export function invalidResponse(message: string, requestId: string | undefined, status?: number): PgaiError {
  return new PgaiError('invalidResponse', message, { status, requestId });
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** The error for a request that failed without a usable HTTP response. */
export function networkError(error: unknown, context: ErrorContext): PgaiError {
  if (error instanceof PgaiError) return error;
  if (error instanceof ResponseTooLargeError) {
    return new PgaiError('invalidResponse', `PG:AI's response was too large (over ${formatBytes(error.limit)}).`, {
      cause: error,
    });
  }
  const code = errorCode(error);
  const host = context.host;
  if (code !== undefined && CONNECT_FAILURE_CODES.has(code)) {
    return new PgaiError('connection', `Could not reach PG:AI at ${host}: ${REASONS[code] ?? code}.`, {
      mayHaveReachedServer: false,
      cause: error,
    });
  }
  if (code !== undefined && TLS_FAILURE_CODE.test(code)) {
    return new PgaiError('connection', `Could not reach PG:AI at ${host}: TLS certificate problem (${code}).`, {
      mayHaveReachedServer: false,
      cause: error,
    });
  }
  const proxyStatus = /Proxy response \((\d{3})\)/.exec(error instanceof Error ? error.message : '');
  if (proxyStatus) {
    return new PgaiError('connection', `Could not reach PG:AI at ${host}: the proxy refused the connection (${proxyStatus[1]}).`, {
      mayHaveReachedServer: false,
      cause: error,
    });
  }
  if (code?.startsWith('HPE_')) {
    return new PgaiError('invalidResponse', `PG:AI at ${host} sent a malformed HTTP response.`, { cause: error });
  }
  return new PgaiError('connection', `The connection to PG:AI at ${host} was lost before the response was complete.`, {
    mayHaveReachedServer: true,
    cause: error,
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
