// The shapes the rest of the extension sees. PG:AI's docs do not say which fields a session
// object carries (parse.ts reads what is there), so every field but `id` is optional.

/** The session types PG:AI's create endpoint documents, in the order the UI offers them. */
export const SESSION_TYPES = [
  'chat',
  'document',
  'plan',
  'canvas_settings',
  'email',
  'workspace',
  'project',
] as const;

export type SessionType = (typeof SESSION_TYPES)[number];

export function isSessionType(value: unknown): value is SessionType {
  return typeof value === 'string' && (SESSION_TYPES as readonly string[]).includes(value);
}

/**
 * One agent session as the API returned it. Only `id` is guaranteed (items without one are
 * dropped by the parser); the known fields are normalised to string-or-undefined, and every
 * field the server sent, known or not, is kept verbatim in `raw` for the details view.
 */
export interface Session {
  readonly id: string;
  readonly title?: string;
  readonly type?: string;
  readonly status?: string;
  readonly companyId?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** PG:AI allows at most 50 sessions a page; it sends 25 when none is asked for. */
const MAX_PER_PAGE = 50;
export const DEFAULT_PER_PAGE = 25;

/** A page size the API accepts: a whole number in 1..50 (rounded down); anything unreadable gives 25. */
export function clampPerPage(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return DEFAULT_PER_PAGE;
  return Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(n)));
}

/** Query for one page of GET /agent/sessions. Undefined or empty values are not sent. */
export interface ListQuery {
  readonly page?: number;
  /** Clamped to 1..50 by the client. */
  readonly perPage?: number;
  readonly status?: string;
  readonly type?: string;
  readonly companyId?: string;
  readonly search?: string;
  readonly sortBy?: string;
  readonly sortOrder?: string;
}

/** One page of sessions. */
export interface SessionPage {
  readonly sessions: readonly Session[];
  /** The page number that was asked for (or the one the server reported). */
  readonly page: number;
  /** The page size that was asked for (after clamping) or the one the server reported. */
  readonly perPage: number;
  /** Total matching sessions, when the server says. */
  readonly total?: number;
  /** Whether another page exists (from a total/next-page hint, else a full page means maybe). */
  readonly hasMore: boolean;
  /** Items in the body that could not be shown (not objects, or no id). */
  readonly skipped: number;
  /** The server's clock when it answered (its Date header), epoch ms; absent without one. */
  readonly serverTime?: number;
}

/** How one call is made. */
export interface CallOptions {
  /**
   * The user asked for this request (Refresh, Retry): send it at once even while the client
   * believes the rate limit is used up, so a wrong belief never locks the user out.
   */
  readonly probe?: boolean;
  /** Never share an identical request already in flight (it may predate what this one must see). */
  readonly fresh?: boolean;
}

/** Body of POST /agent/sessions. */
export interface CreateSessionInput {
  readonly title?: string;
  readonly type?: string;
  readonly companyId?: string;
}

/** Rate-limit state as last reported by the server. */
export interface RateLimitSnapshot {
  readonly limit?: number;
  readonly remaining?: number;
  /** Epoch milliseconds at which the window resets. */
  readonly resetAt?: number;
}
