// When to try a request again and how long to wait first. Pure apart from `sleep`.
//
// GET is retried on 429, 500/502/503/504, dropped or refused connections and per-attempt
// timeouts. POST is never retried once it may have reached the server: only a failure to
// connect (nothing was sent) is retried, so a session is never created twice by the client.

import { PgaiError } from './errors';

export type Method = 'GET' | 'POST';

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Failures to open a connection: the request was certainly not sent. */
export const CONNECT_FAILURE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** TLS failures (a certificate or handshake problem): another attempt will not fix them. */
export const TLS_FAILURE_CODE = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/;

/** Connect failures that another attempt will not fix. */
function isPermanent(code: string): boolean {
  return TLS_FAILURE_CODE.test(code) || code.startsWith('ERR_INVALID_URL');
}

/** The first `code` string on an error or its `cause` chain. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = cause;
  }
  return undefined;
}

/** Whether one failed attempt may be tried again (ignoring the attempt count and budget). */
export function isRetryable(method: Method, error: PgaiError): boolean {
  const code = errorCode(error.cause);
  if (method === 'POST') {
    return (
      error.kind === 'connection' &&
      !error.mayHaveReachedServer &&
      code !== undefined &&
      CONNECT_FAILURE_CODES.has(code) &&
      !isPermanent(code)
    );
  }
  switch (error.kind) {
    case 'rateLimited':
    case 'server':
      return error.status !== undefined && RETRY_STATUSES.has(error.status);
    case 'connection':
      return code === undefined || !isPermanent(code);
    case 'timeout':
      return true;
    default:
      return false;
  }
}

export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A number in [0, 1). */
  readonly random: () => number;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(retry-1))]. */
export function backoffMs(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(Math.max(options.random(), 0), 1);
  return Math.max(0, Math.floor(r * ceiling));
}

export interface RetryContext extends BackoffOptions {
  readonly method: Method;
  /** The failure of the attempt just made. */
  readonly error: PgaiError;
  /** Retries already made (0 after the first attempt). */
  readonly retriesDone: number;
  readonly maxRetries: number;
  /** Longest server-requested wait the client will sit through. */
  readonly maxWaitMs: number;
  /** Time left in the caller's total budget. */
  readonly remainingMs: number;
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/**
 * Whether to retry, and after how long. A server-requested wait (Retry-After or the rate-limit
 * reset, carried as `error.retryAfterMs`) is honoured instead of the backoff, but one longer
 * than `maxWaitMs` or the remaining budget is not waited for: the error (which says when to try
 * again) is returned to the caller instead.
 */
export function planRetry(context: RetryContext): RetryDecision {
  const { error } = context;
  if (context.retriesDone >= context.maxRetries) return { retry: false };
  if (!isRetryable(context.method, error)) return { retry: false };
  // A wait the server asked for; an unreadable one (NaN) falls back to the backoff, a negative one
  // means now, and an infinite one fails the check below (test/fuzz sends all three).
  const asked = error.retryAfterMs;
  const delayMs = asked === undefined || Number.isNaN(asked) ? backoffMs(context.retriesDone + 1, context) : Math.max(0, asked);
  if (delayMs > context.maxWaitMs || delayMs >= context.remainingMs) return { retry: false };
  return { retry: true, delayMs };
}

export function cancelledError(): PgaiError {
  return new PgaiError('cancelled', 'The request to PG:AI was cancelled.', { mayHaveReachedServer: false });
}

/** Waits `ms`, or rejects with PgaiError('cancelled') as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
