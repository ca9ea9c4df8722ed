// Rate-limit headers (X-RateLimit-Limit/Remaining/Reset, Retry-After) and the client-side hold
// that keeps new requests back while the server says none remain. Pure: time comes in as `now`.

import { PgaiError } from './errors';
import type { RateLimitSnapshot } from './types';

/** Response headers as undici gives them: lower-case names, a string or a list of strings. */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** No header can ask for a wait longer than this; longer values are clamped to it. */
export const MAX_HEADER_WAIT_MS = 24 * 60 * 60 * 1000;

/**
 * The longest the client holds a request back on its own, shorter than a call's total budget so
 * that a held request is always sent in the end. A wrong reset time (a skewed clock, a bad
 * header, a day-long Retry-After) then costs one request when one is needed, never a lockout.
 */
export const MAX_LOCAL_HOLD_MS = 30_000;

/**
 * The first value of a header, looked up case-insensitively. undici gives lower-case names, so the
 * lower-case name is read directly; only when it is absent are names of the same length compared.
 */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const direct = firstString(headers[wanted]);
  if (direct !== undefined) return direct;
  for (const key in headers) {
    if (key.length !== wanted.length || key === wanted || key.toLowerCase() !== wanted) continue;
    const single = firstString(headers[key]);
    if (single !== undefined) return single;
  }
  return undefined;
}

function firstString(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof single === 'string' ? single.trim() : undefined;
}

const NUMERIC = /^\d+(\.\d+)?$/;

function clampWait(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_HEADER_WAIT_MS);
}

/** `Retry-After` as milliseconds from `now` (seconds or an HTTP date); undefined if unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (NUMERIC.test(trimmed)) return clampWait(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return clampWait(date - now);
}

/**
 * The server's clock minus ours, in ms, from a response's `Date` header; undefined when there is
 * none. Epochs the server sends are on its clock; subtracting this puts them on ours.
 */
export function serverClockOffset(headers: HeaderBag, now: number): number | undefined {
  const value = headerValue(headers, 'date');
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at - now;
}

/**
 * `X-RateLimit-Reset` as epoch milliseconds on our clock. Documented as Unix seconds; epoch
 * milliseconds, a number of seconds from now (values below 1e9) and HTTP dates are tolerated;
 * anything else gives undefined. Absolute values are on the server's clock and are moved onto ours
 * by `clockOffsetMs` (see serverClockOffset). Never more than MAX_HEADER_WAIT_MS from now.
 */
export function parseResetAt(value: string | undefined, now: number, clockOffsetMs = 0): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let at: number;
  if (NUMERIC.test(trimmed)) {
    const n = Number(trimmed);
    if (n >= 1e12) at = n - clockOffsetMs;
    else if (n >= 1e9) at = n * 1000 - clockOffsetMs;
    else at = now + n * 1000;
  } else if (/[a-z]/i.test(trimmed)) {
    at = Date.parse(trimmed) - clockOffsetMs;
    if (Number.isNaN(at)) return undefined;
  } else {
    return undefined;
  }
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.ceil(at), now + MAX_HEADER_WAIT_MS);
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The rate-limit headers of one response; fields the response lacks are undefined. */
export function parseRateLimitHeaders(headers: HeaderBag, now: number): RateLimitSnapshot {
  return {
    limit: count(headerValue(headers, 'x-ratelimit-limit')),
    remaining: count(headerValue(headers, 'x-ratelimit-remaining')),
    resetAt: parseResetAt(headerValue(headers, 'x-ratelimit-reset'), now, serverClockOffset(headers, now)),
  };
}

/**
 * How long a 429 (or 503) response asks the client to wait: Retry-After if readable (a relative
 * wait, so no clock is involved), else the time to X-RateLimit-Reset on the server's clock;
 * undefined when neither says.
 */
export function serverWaitMs(headers: HeaderBag, now: number): number | undefined {
  const retryAfter = parseRetryAfter(headerValue(headers, 'retry-after'), now + (serverClockOffset(headers, now) ?? 0));
  if (retryAfter !== undefined) return retryAfter;
  const resetAt = parseResetAt(headerValue(headers, 'x-ratelimit-reset'), now, serverClockOffset(headers, now));
  return resetAt === undefined ? undefined : clampWait(resetAt - now);
}

/** "12 s", "3 min", "2 h": how long to wait, for messages. */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  // From two minutes on, the nearest minute reads better than rounding 2 min 1 s up to "3 min".
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** The user-facing rate-limit error. */
export function rateLimitedError(
  waitMs: number | undefined,
  details: { mayHaveReachedServer: boolean; status?: number; requestId?: string; serverMessage?: string },
): PgaiError {
  const when = waitMs === undefined ? 'try again shortly' : `try again in ${formatWait(waitMs)}`;
  return new PgaiError('rateLimited', `PG:AI is rate limiting requests; ${when}.`, {
    ...details,
    retryAfterMs: waitMs,
  });
}

/**
 * Remembers the last rate-limit headers and holds new requests while none remain. Counts sent
 * requests down locally, so concurrent requests do not all rush into a 429.
 */
export class RateLimitTracker {
  private state: { limit?: number; remaining?: number; resetAt?: number } = {};

  get snapshot(): RateLimitSnapshot {
    return { ...this.state };
  }

  /** Records a response's headers; a 429 also means nothing remains until its wait is over. */
  observe(headers: HeaderBag, now: number, status?: number): void {
    const seen = parseRateLimitHeaders(headers, now);
    if (seen.limit !== undefined) this.state.limit = seen.limit;
    if (seen.remaining !== undefined) this.state.remaining = seen.remaining;
    if (seen.resetAt !== undefined) this.state.resetAt = seen.resetAt;
    if (status === 429) {
      const wait = serverWaitMs(headers, now);
      if (wait !== undefined) {
        this.state.remaining = 0;
        this.state.resetAt = Math.max(this.state.resetAt ?? 0, now + wait);
      }
    }
  }

  /** Counts one request as sent (while the window it was counted in is still open). */
  noteSent(now: number): void {
    const { remaining, resetAt } = this.state;
    if (remaining !== undefined && remaining > 0 && (resetAt === undefined || resetAt > now)) {
      this.state.remaining = remaining - 1;
    }
  }

  /** How long the server says no request will be accepted (0 = now), as it said it. */
  waitMs(now: number): number {
    const { remaining, resetAt } = this.state;
    if (remaining === undefined || remaining > 0 || resetAt === undefined) return 0;
    return Math.max(0, resetAt - now);
  }

  /** How long a new request must wait before it is sent: `waitMs`, but never over MAX_LOCAL_HOLD_MS. */
  holdMs(now: number): number {
    return Math.min(MAX_LOCAL_HOLD_MS, this.waitMs(now));
  }
}
