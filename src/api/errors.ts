// Typed errors for every way a request can fail. Messages are written for users; they never
// contain the API key (the client redacts it from anything the server echoes back).

export type PgaiErrorKind =
  | 'auth' // 401
  | 'permission' // 403
  | 'notFound' // 404
  | 'badRequest' // 400 (and other 4xx)
  | 'rateLimited' // 429, or the client's own hold would exceed the wait bound
  | 'server' // 5xx
  | 'connection' // refused, reset, DNS, dropped mid-body
  | 'timeout' // per-attempt or total budget exceeded
  | 'invalidResponse' // non-JSON, wrong shape, wrong content type, over the size cap
  | 'cancelled' // the caller's AbortSignal fired
  | 'config'; // bad base URL, no key

/** What a PgaiError carries besides its kind and message; `mayHaveReachedServer` defaults to true. */
export type PgaiErrorDetails = Partial<Pick<PgaiError, 'status' | 'serverMessage' | 'requestId' | 'retryAfterMs' | 'mayHaveReachedServer'>> & {
  readonly cause?: unknown;
};

export class PgaiError extends Error {
  override readonly name = 'PgaiError';
  readonly status?: number;
  /** The server's own message, from either error body shape. */
  readonly serverMessage?: string;
  readonly requestId?: string;
  /** For rateLimited: how long to wait before trying again. */
  readonly retryAfterMs?: number;
  /**
   * True when the request may have reached the server (so a POST may have taken effect).
   * False only when it is certain nothing was sent (connect failure, client-side hold).
   */
  readonly mayHaveReachedServer: boolean;

  constructor(
    readonly kind: PgaiErrorKind,
    message: string,
    details: PgaiErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.mayHaveReachedServer = details.mayHaveReachedServer ?? true;
  }
}

/**
 * The message with the server's request id after it ("… Request id: req_1."), for the places
 * with room for it (a tooltip, a notification, the log); a tree row shows `message` alone.
 */
export function withRequestId(error: Error): string {
  return error instanceof PgaiError && error.requestId ? `${error.message} Request id: ${error.requestId}.` : error.message;
}

export function isPgaiError(error: unknown, kind?: PgaiErrorKind): error is PgaiError {
  return error instanceof PgaiError && (kind === undefined || error.kind === kind);
}

/** What is wrong with the key, when an answer says so: refused (401) or without the permission (403). */
export type KeyProblem = 'rejected' | 'forbidden';

/** The key problem an error reports, by kind or status; undefined for any other error. */
export function keyProblemOf(error: unknown): KeyProblem | undefined {
  if (!(error instanceof PgaiError)) return undefined;
  if (error.kind === 'permission' || error.status === 403) return 'forbidden';
  if (error.kind === 'auth' || error.status === 401) return 'rejected';
  return undefined;
}

/** One sentence per key problem, for every message that names it. */
export const KEY_PROBLEM_SENTENCE: Readonly<Record<KeyProblem, string>> = {
  rejected: 'PG:AI rejected the API key (401).',
  forbidden: 'This API key lacks permission for agent sessions (403).',
};
